"""The Python API: :func:`~graphkit.api.graph.open_graph` (``graphkit.open``) and :class:`~graphkit.api.graph.Graph`."""

from graphkit.api.graph import Graph, MetricsMissingError, open_graph

__all__ = ["Graph", "MetricsMissingError", "open_graph"]
