module headrace.dev/bench/loadgen

go 1.22
