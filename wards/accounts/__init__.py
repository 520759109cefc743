"""City staff manage the portal accounts: create, edit, move between units, deactivate, invite."""
