"""The assist layer: one controller per kind of request the writer makes.

`SuggestionController` (ghost text while typing, asked for when `timing.AskPolicy` says),
`AlternativesController` (the best few continuations) and `RewriteSession` (a selection rewritten
as a tracked change) sit between the widgets and the engine worker. Each builds its own requests
in its own lane of the worker (its editor, its kind), holds the handle of each one it submits and
is the only listener of that handle. What shows at the cursor belongs to the editor's
`InlineSurface`; `InlineAssist` takes the editor's keys for suggestions and alternatives.
"""
