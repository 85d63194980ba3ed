"""``python -m api.cli``: the ``pagemill`` command without its script installed."""

from api.cli import main

main()
