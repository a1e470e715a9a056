"""The audit log: who published, withdrew, reinstated, edited, merged or changed a user, and when.

Every state-changing service calls :func:`sourcebook.audit.log.record` inside its own
transaction, so an entry exists exactly when the change does.
"""
