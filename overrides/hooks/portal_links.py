"""MkDocs hook: placeholder for portal link resolution; extended by later work."""
