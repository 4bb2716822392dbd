"""A writer's project (a folder) as the model's memory, without Qt and without a model: the notes
file and its lore entries, the lexical index over the other documents, and the memory block that
goes before the document in a prompt. The UI lists the folder; the prompt builders call `gather`."""

from writer.project.index import Passage, ProjectIndex
from writer.project.lore import LoreTracker, Triggered, find_keywords
from writer.project.memory import Memory, Part, gather, guess_tokens
from writer.project.notes import Notes, Section, parse_notes
from writer.project.project import Project

__all__ = [
    "LoreTracker",
    "Memory",
    "Notes",
    "Part",
    "Passage",
    "Project",
    "ProjectIndex",
    "Section",
    "Triggered",
    "find_keywords",
    "gather",
    "guess_tokens",
    "parse_notes",
]
