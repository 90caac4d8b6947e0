"""The staff side: tickets in the staff group, staff actions, relay, supervisor commands."""
