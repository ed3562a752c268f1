"""`python -m magesupport`: the same as the `magesupport` command."""

from magesupport.cli.main import run

if __name__ == "__main__":
    run()
