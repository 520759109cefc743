"""A user whose password was set by someone else chooses their own before anything else."""

from django.shortcuts import redirect

# The pages such a user may still open: changing the password, leaving, and the public ones.
ALLOWED = {"password_change", "password_change_done", "logout", "login", "health"}


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.must_change_password:
            return None
        match = request.resolver_match
        name = match.url_name if match else None
        if name in ALLOWED or (name or "").startswith("password_reset"):
            return None
        return redirect("password_change")
