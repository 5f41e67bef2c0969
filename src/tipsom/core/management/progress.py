"""A progress bar for commands that run jobs in the foreground."""

from __future__ import annotations

from typing import Any, TextIO

from tqdm import tqdm


class ProgressBar:
    def __init__(self, description: str, stream: TextIO, disable: bool = False) -> None:
        self.bar: Any = None
        self.description, self.stream, self.disable = description, stream, disable

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = tqdm(
                total=total,
                desc=self.description,
                file=self.stream,
                disable=self.disable,
                unit="row",
            )
        self.bar.total = total
        self.bar.n = done
        self.bar.refresh()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
