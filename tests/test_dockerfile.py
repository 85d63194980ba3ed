"""The image installs every package the project ships: a package the Dockerfile does not
copy is silently missing from `pip install .` (pagemill_client was, so `pagemill convert`
failed inside the image while every other command worked)."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_image_copies_every_package_pyproject_ships():
    # given the packages pyproject.toml installs
    include = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]["find"][
        "include"
    ]
    shipped = {pattern.rstrip("*") for pattern in include}
    # when the Dockerfile's build stage copies sources into the image
    copied = set(re.findall(r"^COPY (?!--)(\S+) \./\1$", (ROOT / "Dockerfile").read_text(), re.MULTILINE))
    # then every package is among them, and each exists in the tree
    assert shipped <= copied, f"not copied into the image: {sorted(shipped - copied)}"
    assert all((ROOT / name).is_dir() for name in shipped)
