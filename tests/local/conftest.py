"""The local stack's own tests reuse the e2e `stack` fixture (a devserver subprocess)."""

from tests.e2e.conftest import fresh_stack, stack

__all__ = ["fresh_stack", "stack"]
