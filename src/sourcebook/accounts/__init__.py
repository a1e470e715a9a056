"""Accounts and roles: editors correct, publish and withdraw records; admins also manage users.

Roles are Django groups carrying permissions (see :mod:`.roles`); views and services check
permissions, never role names. Every change to an account is written to the audit log.
"""
