// libtorch keeps process-wide state (the global RNG, thread pools): tests that touch it run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
