"""Store operations, each declared once: name, arguments, description, read or write.

`shoptalk store apply`, the dialogue handlers, the HTTP API and an LLM's tool list are all
derived from `OPERATIONS`, so there is no second list to keep in sync.
"""

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, get_type_hints

from pydantic import BaseModel, ConfigDict, ValidationError
from sqlalchemy.orm import Session

from shoptalk.commerce.errors import Refused


class Arguments(BaseModel):
    """Operation arguments: strict and closed, so a misspelt argument is refused, not ignored."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


ArgsT = TypeVar("ArgsT", bound=Arguments)
Handler = Callable[[Session, ArgsT], BaseModel]


@dataclass(frozen=True)
class Operation(Generic[ArgsT]):
    name: str
    description: str
    arguments: type[ArgsT]
    writes: bool
    handler: Handler[ArgsT]

    def parse(self, raw: Mapping[str, Any]) -> ArgsT:
        """Validate raw arguments, refusing with the first problem on one line."""
        try:
            return self.arguments.model_validate(dict(raw))
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "arguments"
            message = first["msg"].removeprefix("Value error, ")
            raise Refused(f"{self.name}: {where}: {message}") from error

    def tool_schema(self) -> dict[str, Any]:
        """The operation as a JSON-schema tool, e.g. for an LLM."""
        return {
            "name": self.name,
            "description": self.description,
            "parameters": self.arguments.model_json_schema(),
        }


OPERATIONS: dict[str, Operation[Any]] = {}


def operation(description: str, *, writes: bool) -> Callable[[Handler[ArgsT]], Operation[ArgsT]]:
    """Declare a handler `(session, arguments) -> record` as the operation of its name."""

    def declare(handler: Handler[ArgsT]) -> Operation[ArgsT]:
        parameter = list(inspect.signature(handler).parameters)[1]
        arguments = get_type_hints(handler)[parameter]
        declared = Operation(handler.__name__, description, arguments, writes, handler)
        OPERATIONS[declared.name] = declared
        return declared

    return declare
