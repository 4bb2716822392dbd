"""The assist layer: one controller per kind of request the writer makes.

`SuggestionController` (ghost text while typing), `AlternativesController` (the best few
continuations) and `RewriteSession` (a selection rewritten as a tracked change) sit between the
widgets and the engine worker. Each builds its own requests, holds the handle of each one it
submits and is the only listener of that handle; the editor widget only paints and routes keys.
"""
