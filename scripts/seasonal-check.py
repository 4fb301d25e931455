#!/usr/bin/env python3
"""Would a daily seasonal term help the forecast? For each trace of at least two days, the next
step's change in rate is predicted four ways, and the root-mean-square error of each printed:
no change; the last step's change again (a trend); the change at the same time a day before;
the mean of those changes over up to the last seven days. A step of these traces (60 or 600 s)
is as long as the policy's horizon or longer, so this is the most a seasonal term could add.

usage: scripts/seasonal-check.py TRACE.csv...   (t_seconds,rate; a fixed step)
"""
import csv
import math
import sys

DAY = 86400


def rates(path):
    with open(path, newline="") as f:
        rows = [(float(t), float(r)) for t, r in list(csv.reader(f))[1:]]
    step = rows[1][0] - rows[0][0]
    return step, [r for _, r in rows]


def rmse(pairs):
    return math.sqrt(sum((a - b) ** 2 for a, b in pairs) / len(pairs))


def main(paths):
    print("%-52s %5s %8s %10s %10s %10s %10s" % ("trace", "step", "days", "no change", "trend", "yesterday",
                                                 "7-day mean"))
    for path in paths:
        step, v = rates(path)
        period = round(DAY / step)
        if len(v) < 2 * period + 2:
            print("%-52s %5.0f %8.1f   fewer than two days: nothing to learn a day from" % (
                path.split("/")[-1], step, len(v) * step / DAY))
            continue
        actual, none, trend, yday, week = [], [], [], [], []
        for i in range(period + 1, len(v) - 1):
            change = v[i + 1] - v[i]
            days = [v[i + 1 - d * period] - v[i - d * period] for d in range(1, 8) if i - d * period >= 0]
            actual.append(change)
            none.append(0.0)
            trend.append(v[i] - v[i - 1])
            yday.append(days[0])
            week.append(sum(days) / len(days))
        print("%-52s %5.0f %8.1f %10.2f %10.2f %10.2f %10.2f" % (
            path.split("/")[-1], step, len(v) * step / DAY, rmse(list(zip(actual, none))),
            rmse(list(zip(actual, trend))), rmse(list(zip(actual, yday))), rmse(list(zip(actual, week)))))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
