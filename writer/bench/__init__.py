"""`writer bench`: measurement of the product, kept apart from it.

This package imports Writer's modules and observes them as any client does (through request
handles, or by timing the calls it makes); nothing in the product imports it. The `writer`
command finds it through the `writer.commands` entry point. Each section lives in its own module
and adds its keys to one JSON object; figures that are ratios are measured side by side in one
run, so they hold on a noisy machine.
"""
