// Imported first by benches that run test step kinds: the catalog reads HEADRACE_TEST_KINDS once, when it loads.
process.env.HEADRACE_TEST_KINDS = '1';
