"""The same linkage on Splink's Spark backend, for registers too large for one machine.

Optional: install the ``spark`` extra (pyspark; Spark needs Java 17 or later). The model,
blocking and training are `model.py`'s, unchanged; only the database API differs. Locally
Spark runs in one process (``local[N]``); on a cluster, pass a session built for it (see
docs/linkage.md)."""

from __future__ import annotations

from typing import Any


def session(
    master: str = "local[2]", partitions: int = 8, driver_memory: str = "4g", **conf: str
) -> Any:
    """A Spark session with Splink's similarity functions (Jaro-Winkler, Damerau-Levenshtein)
    on its class path; without them Spark cannot resolve those comparisons."""
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    builder = (
        SparkSession.builder.master(master)
        .appName("tipsom-linkage")
        .config("spark.jars", similarity_jar_location())
        .config("spark.sql.shuffle.partitions", str(partitions))
        .config("spark.default.parallelism", str(partitions))
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", driver_memory)
    )
    for key, value in conf.items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def api(spark: Any = None, checkpoint_dir: str | None = None) -> Any:
    """Splink's Spark database API over ``spark`` (a local session by default)."""
    from splink.backends.spark import SparkAPI

    spark = spark or session()
    if checkpoint_dir:
        spark.sparkContext.setCheckpointDir(checkpoint_dir)
    return SparkAPI(
        spark_session=spark, break_lineage_method="parquet" if checkpoint_dir else "persist"
    )
