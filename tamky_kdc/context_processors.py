"""Values every page needs: the user's scope (for navigation) and the role names."""

from core.scope import Role, scope_of


def portal(request):
    return {"scope": scope_of(getattr(request, "user", None)), "Role": Role}
