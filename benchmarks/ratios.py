#!/usr/bin/env python3
"""Reads Google Benchmark JSON from bench_detector and prints each performance target as a ratio."""
import json
import sys


def main(path):
    with open(path) as f:
        data = json.load(f)
    rate = {}
    for b in data["benchmarks"]:
        if b.get("run_type") == "aggregate" and b.get("aggregate_name") != "median":
            continue
        name = b.get("run_name", b["name"])
        if "bytes_per_second" in b:
            rate[name] = b["bytes_per_second"]
        elif "items_per_second" in b:
            rate[name] = b["items_per_second"]
        if name.startswith("BM_state"):
            rate[name + ":time"] = b["cpu_time"]

    def r(a, b):
        return rate[a] / rate[b]

    rows = [
        ("mixed stream: detector / floor", r("BM_detector/all_ecs:0", "BM_floor/all_ecs:0"), ">=", 0.30),
        ("all ECS writes: detector / nlohmann DOM", r("BM_detector/all_ecs:1", "BM_nlohmann_dom/all_ecs:1"), ">=", 1.5),
        ("gzip objects: end to end / decompress only", r("BM_gzip_end_to_end", "BM_gzip_decompress_only"), ">=", 0.85),
        ("state 50k: load time / nlohmann parse time",
         rate["BM_state_load:time"] / rate["BM_state_nlohmann_parse:time"], "<=", 1.5),
        ("state lookup: cost at 100k / cost at 1k",
         rate["BM_state_lookup/1000"] / rate["BM_state_lookup/100000"], "<=", 1.5),
        ("task definition of 100k env entries: entries/s / at 1k entries",
         r("BM_wide_task_definition/100000", "BM_wide_task_definition/1000"), ">=", 0.5),
    ]
    print("| target | measured | goal | holds |")
    print("|---|---:|---:|---|")
    ok = True
    for name, value, op, goal in rows:
        holds = value >= goal if op == ">=" else value <= goal
        ok &= holds
        print(f"| {name} | {value:.2f} | {op} {goal} | {'yes' if holds else 'NO'} |")
    print()
    print("absolute rates (MB/s):")
    for k in ["BM_floor/all_ecs:0", "BM_detector/all_ecs:0", "BM_nlohmann_dom/all_ecs:0", "BM_nlohmann_sax/all_ecs:0",
              "BM_prefilter_then_dom/all_ecs:0", "BM_detector/all_ecs:1", "BM_nlohmann_dom/all_ecs:1",
              "BM_gzip_decompress_only", "BM_gzip_end_to_end", "BM_split_records/block_scan",
              "BM_split_records/byte_by_byte"]:
        if k in rate:
            print(f"  {k:34s} {rate[k] / 1e6:10.1f}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
