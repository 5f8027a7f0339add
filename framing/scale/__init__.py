"""Scale-out on Ray Data: the streaming engine's documents -> sentence rows, over a cluster.

:func:`ray_score` scores JSON Lines and parquet corpora (files or folders, local paths or any
pyarrow filesystem URI such as ``s3://bucket/news/`` or ``gs://...``) on a Ray cluster and
writes a folder of parquet part files with the local engine's schema.

How it runs:

1. **Reading, on the driver.** The inputs are read with
   :func:`framing.stream.iter_document_chunks`, the local engine's reader, into chunks of
   ``batch_docs`` documents (a chunk never spans two files; remote files are copied to a
   temporary folder one at a time). Every bad row, duplicate ``doc_id`` (across all files)
   and skipped empty row gives exactly the local engine's error or warning, before any model
   is loaded. Each chunk goes to Ray's object store as one block of JSON (spilled to disk
   when the corpus is larger); reading is single-process: scoring starts when it is done.
2. **Ray Data** makes a dataset of the chunks (``from_arrow_refs``, one block per chunk, so
   that chunks spread over all actors even for a single input file).
3. **An actor pool** (``ActorPoolStrategy(size=actors)``, one CPU each): every actor builds
   the scorers once (one model load per actor), runs one torch thread (``OMP_NUM_THREADS=1``
   before torch is imported) and maps each chunk through
   :func:`framing.api.analyze_documents`, as the local engine does: the same rows.
4. **The actors write**: each scored chunk becomes ``part-<chunk index>.parquet`` in the
   output folder (:func:`~framing.scale.engine.write_part`; a chunk with no sentences
   writes no file), and only row counts return to the driver. No separate write stage runs,
   so no worker processes start beside the actors. Reading the folder back (pyarrow and
   pandas read files in name order) gives the rows in the local engine's order: files in the
   order given (a folder's files in path order), rows in file order, sentences in document
   order. The same rows and order whatever the number of actors. On a cluster of several
   nodes the output must be reachable from every node: an object-store URI or shared disk.
5. **In an experiment** (``engine: ray`` in a config), :func:`ray_analyze` takes documents
   the driver has read and cleaned (furniture and duplicates are corpus-wide) and returns the
   sentence table to the driver instead of writing files; frames and the analysis stay local.

Failures: an actor that dies (node lost, out of memory) is restarted and its chunk retried
(Ray Data's actor pools default to ``max_restarts=-1``, ``max_task_retries=-1``; a retried
chunk rewrites its own part file), and transient object-store I/O errors are retried as
``DataContext.retried_io_errors`` says. Chunks live on the driver's node, so a lost worker
node loses none. An error the package raises on purpose (a bad row, a model that cannot load)
is not retried: the same one line.

The score cache under Ray: off by default (``cache=None``). Given a folder, each node opens
the SQLite cache there, shared by its actors; use a local disk (SQLite's WAL fails on NFS).
Each actor holds one CPU (``actors`` may equal the CPUs).
"""

from framing.scale.engine import (
    PART_NAME,
    ScoreActor,
    decode_documents,
    encode_documents,
    ray_analyze,
    ray_score,
    score_documents,
)
from framing.scale.inputs import expand_inputs, iter_chunks, local_copy, relabel, split_uri
from framing.scale.remote import (
    ACTOR_ENV,
    RAY_MISSING,
    RemoteFramingError,
    ScorerSpec,
    connect,
    framing_error_of,
    import_ray,
    scorer_specs,
)

__all__ = ["ACTOR_ENV", "PART_NAME", "RAY_MISSING", "RemoteFramingError", "ScoreActor",
           "ScorerSpec", "connect", "decode_documents", "encode_documents",
           "expand_inputs", "framing_error_of", "import_ray", "iter_chunks", "local_copy",
           "ray_analyze", "ray_score", "relabel", "score_documents", "scorer_specs", "split_uri"]
