"""Reference values for the specs beside this file (backend/src/reports/stats/*.spec.ts).

Not part of the build or the tests: run it by hand to regenerate or audit the numbers the specs quote,
    python3 backend/src/reports/stats/references.py
with scipy 1.17.1, numpy 2.4.6 and statsmodels 0.15.0 (the versions the specs were written against, 2026-11-25).
Where no library implements a method (Newcombe's paired interval, the mSPRT, the seeded bootstrap), the function
below is an independent implementation written from the published formula, not a port of the TypeScript.
"""
import math

import numpy as np
from scipy import stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint, proportions_ztest


def section(title):
    print(f"\n== {title}")


section("distributions.spec.ts")
print("normCdf")
for x in [-1.96, 0, 0.5, 3, -8, -30]: print(x, repr(float(stats.norm.cdf(x))))
print("normQuantile")
for p in [0.975, 0.5, 0.3, 1e-10, 1e-300, 1 - 1e-10]: print(p, repr(float(stats.norm.ppf(p))))
print("tCdf")
for x, df in [(2.0, 5), (-1.5, 2.5), (0.3, 1), (-40, 200), (1.5, 1e6), (-2.5, 1e16)]: print(x, df, repr(float(stats.t.cdf(x, df))))
print("tQuantile")
for p, df in [(0.975, 9), (0.995, 3.7), (0.025, 1), (1e-12, 30), (0.9, 1e16)]: print(p, df, repr(float(stats.t.ppf(p, df))))
print("inf", repr(float(stats.norm.cdf(1.5))), repr(float(stats.norm.ppf(0.975))), repr(float(stats.t.ppf(0.975, 1e20))))
print("chiSquareSf")
for x, df in [(3.84, 1), (10, 4), (0.5, 3), (200, 100), (1000, 3), (7.3, 2.5)]: print(x, df, repr(float(stats.chi2.sf(x, df))))
print("binomialCdf")
for k, n, p in [(3, 10, 0.5), (0, 20, 0.5), (28, 57, 0.3), (250, 500, 0.5), (1, 31, 0.5)]: print(k, n, p, repr(float(stats.binom.cdf(k, n, p))))

section("intervals.spec.ts, paired.spec.ts (pairedTTest)")
g1 = np.array([0.7,-1.6,-0.2,-1.2,-0.1,3.4,3.7,0.8,0.0,2.0])
g2 = np.array([1.9,0.8,1.1,0.1,-0.1,4.4,5.5,1.6,4.6,3.4])
d = g2 - g1
print("diffs", d.tolist())
print("sleep summary n=10 mean", repr(d.mean()), "sd", repr(d.std(ddof=1)))
r = stats.ttest_rel(g2, g1)
print("ttest_rel", repr(r.statistic), repr(r.pvalue), r.df, [repr(v) for v in r.confidence_interval(0.95)], [repr(v) for v in r.confidence_interval(0.99)])
# t interval for a mean
x = np.array([12.1, 9.8, 11.4, 10.2, 13.5, 10.9, 11.7])
print("x mean", repr(x.mean()), "sd", repr(x.std(ddof=1)))
for lvl in [0.95, 0.9]:
    print("t.interval", lvl, [repr(v) for v in stats.t.interval(lvl, len(x)-1, loc=x.mean(), scale=stats.sem(x))])
print("ttest_1samp CI", [repr(v) for v in stats.ttest_1samp(x, 0).confidence_interval(0.95)])
for (k, n, lvl) in [(81, 263, .95), (15, 148, .95), (0, 20, .95), (1, 29, .95), (29, 29, .95), (7, 50, .99), (1, 1, 0.95)]:
    lo, hi = proportion_confint(k, n, alpha=1-lvl, method='wilson')
    print("wilson", k, n, lvl, repr(float(lo)), repr(float(hi)))

section("paired.spec.ts (mcnemarExact)")
def wilson_roots(x, n, z):
    # Wilson limits are the roots in π of (p − π)² = z² π(1 − π)/n, i.e.
    # (1 + z²/n) π² − (2p + z²/n) π + p² = 0, solved with numpy.roots.
    p = x / n
    r = np.sort(np.roots([1 + z * z / n, -(2 * p + z * z / n), p * p]).real)
    return float(r[0]), float(r[1])

def newcombe_paired(a, b, c, d, level=0.95):
    # table rows = control (pass, fail), columns = candidate (pass, fail): a=both pass, b=ctrl pass/cand fail,
    # c=ctrl fail/cand pass, d=both fail. θ = candidate − control.
    n = a + b + c + d
    z = stats.norm.ppf(1 - (1 - level) / 2)
    p_ctrl, p_cand = (a + b) / n, (a + c) / n
    l_ctrl, u_ctrl = wilson_roots(a + b, n, z)
    l_cand, u_cand = wilson_roots(a + c, n, z)
    if a + b == 0: l_ctrl = 0.0
    if a + c == 0: l_cand = 0.0
    if a + b == n: u_ctrl = 1.0
    if a + c == n: u_cand = 1.0
    margins = (a + b) * (c + d) * (a + c) * (b + d)
    A = a * d - b * c
    if margins == 0: phi = 0.0
    elif A > n / 2: phi = (A - n / 2) / math.sqrt(margins)
    elif A >= 0: phi = 0.0
    else: phi = A / math.sqrt(margins)
    theta = p_cand - p_ctrl
    dl = math.sqrt((p_cand - l_cand) ** 2 - 2 * phi * (p_cand - l_cand) * (u_ctrl - p_ctrl) + (u_ctrl - p_ctrl) ** 2)
    du = math.sqrt((u_cand - p_cand) ** 2 - 2 * phi * (u_cand - p_cand) * (p_ctrl - l_ctrl) + (p_ctrl - l_ctrl) ** 2)
    return theta, theta - dl, theta + du, phi

for (a, b, c, d, lvl) in [(59, 6, 16, 80, .95), (10, 2, 9, 4, .95), (30, 0, 5, 15, .9), (40, 10, 10, 40, .95), (3, 1, 30, 2, .95), (20, 0, 0, 0, .95), (12, 3, 1, 0, .95)]:
    n = a + b + c + d
    p = stats.binomtest(b, b + c, 0.5).pvalue if b + c > 0 else 1.0
    th, lo, hi, phi = newcombe_paired(a, b, c, d, lvl)
    print((a, b, c, d, lvl), "p", repr(float(p)), "est", repr(th), "lo", repr(lo), "hi", repr(hi), "phi", phi)

section("unpaired.spec.ts")
ctrl = np.array([0.82, 0.91, 0.77, 0.88, 0.95, 0.70, 0.84, 0.79, 0.90, 0.86, 0.81, 0.93])
cand = np.array([0.92, 0.97, 0.85, 0.99, 0.88, 0.94, 0.96, 0.90, 1.00])
for name, x in [("ctrl", ctrl), ("cand", cand)]: print(name, len(x), repr(x.mean()), repr(x.std(ddof=1)))
r = stats.ttest_ind(cand, ctrl, equal_var=False)
print("welch t", repr(r.statistic), "p", repr(r.pvalue), "df", repr(r.df), "ci95", [repr(v) for v in r.confidence_interval(0.95)], "ci90", [repr(v) for v in r.confidence_interval(0.90)])
r2 = stats.ttest_ind_from_stats(ctrl.mean(), ctrl.std(ddof=1), len(ctrl), cand.mean(), cand.std(ddof=1), len(cand), equal_var=False)
print("from_stats (ctrl − cand)", repr(r2.statistic), repr(r2.pvalue))
for (xc, nc, xk, nk, lvl) in [(48, 80, 56, 70, .95), (3, 10, 9, 10, .95), (0, 29, 5, 56, .95), (0, 20, 0, 10, .95), (120, 1000, 150, 1000, 0.9), (300, 2000, 420, 2000, .95)]:
    z, p = proportions_ztest([xk, xc], [nk, nc]) if 0 < xc + xk < nc + nk else (float('nan'), float('nan'))
    lo, hi = confint_proportions_2indep(xk, nk, xc, nc, method='newcomb', compare='diff', alpha=1 - lvl)
    print((xc, nc, xk, nk, lvl), "z", repr(float(z)), "p", repr(float(p)), "lo", repr(float(lo)), "hi", repr(float(hi)))
# chi2 without correction on the 2x2 table gives the same p
print("chi2_contingency check", stats.chi2_contingency([[56, 14], [48, 32]], correction=False).pvalue)
r = stats.ttest_ind_from_stats(480.0, 95.0, 350, 512.0, 80.0, 400, equal_var=False)
v1, v2 = 80.0**2 / 400, 95.0**2 / 350
df = (v1 + v2) ** 2 / (v1**2 / 399 + v2**2 / 349)
half = stats.t.ppf(0.975, df) * math.sqrt(v1 + v2)
print("big (candidate 480/95/350 − control 512/80/400)", repr(r.statistic), repr(r.pvalue), "df", repr(df), "ci", repr(-32 - half), repr(-32 + half))
r = stats.ttest_ind_from_stats(2, 1, 10, 1, 0, 5, equal_var=False)
print("one arm sd 0 (candidate 2/1/10 − control 1/0/5)", repr(r.statistic), repr(r.pvalue))
print("all pass", confint_proportions_2indep(10, 10, 20, 20, method='newcomb', compare='diff'))

section("multiple.spec.ts, srm.spec.ts")
for ps in [[0.01, 0.04, 0.03, 0.005], [0.2, 0.001, 0.04, 0.3, 0.0125, 0.9], [0.5, 0.6]]:
    print(ps, [repr(float(v)) for v in multipletests(ps, method='holm')[1]])
for obs, w in [([5120, 4880], [50, 50]), ([1000, 1100, 900], [1, 1, 1]), ([5000, 5400], [1, 1]), ([50500, 49500], [1, 1]), ([9040, 960], [90, 10]), ([812, 1650, 2538], [1, 2, 3]), ([20000, 21500, 19800], [1, 1, 1])]:
    tot = sum(obs); ws = sum(w)
    r = stats.chisquare(obs, [tot * x / ws for x in w])
    print(obs, w, repr(float(r.statistic)), repr(float(r.pvalue)))

section("bootstrap.spec.ts")
M = 0xFFFFFFFF
def imul(a, b): return (a * b) & M
def mulberry32(seed):
    state = seed & M
    def nxt():
        nonlocal state
        state = (state + 0x6D2B79F5) & M
        t = imul(state ^ (state >> 15), state | 1)
        t ^= (t + imul(t ^ (t >> 7), t | 61)) & M
        return ((t ^ (t >> 14)) & M) / 4294967296
    return nxt
r = mulberry32(1); print("mulberry32(1) first", [repr(r()) for _ in range(3)])
r = mulberry32(42); print("mulberry32(42) first", [repr(r()) for _ in range(3)])
def boot(values, q, iterations=1000, level=0.95, seed=1):
    s = np.sort(np.array(values, dtype=float)); n = len(s)
    rnd = mulberry32(seed); est = np.empty(iterations)
    for i in range(iterations):
        idx = [int(np.floor(rnd() * n)) for _ in range(n)]
        est[i] = np.quantile(np.sort(s[idx]), q)
    a = 1 - level
    return float(np.quantile(s, q)), float(np.quantile(est, a / 2)), float(np.quantile(est, 1 - a / 2))
lat = [212, 198, 305, 187, 243, 1290, 226, 251, 199, 233, 276, 208, 884, 219, 241, 230, 262, 195, 312, 224, 205, 259, 247, 231, 640]
print("p95 default seed1", [repr(v) for v in boot(lat, 0.95)])
print("p95 seed42", [repr(v) for v in boot(lat, 0.95, seed=42)])
print("median seed7 500 it level .9", [repr(v) for v in boot(lat, 0.5, iterations=500, level=0.9, seed=7)])
x = [3.5, -1, 7, 2, 2, 10, 0.25]
for q in [0, 0.1, 0.25, 0.5, 0.9, 0.95, 1]: print("quantile", q, repr(float(np.quantile(x, q))))

section("sequential.spec.ts")
def msprt(n, mean, variance, tau2, alpha=0.05):
    V = variance / n
    lam = math.sqrt(V / (V + tau2)) * math.exp(tau2 * mean ** 2 / (2 * V * (V + tau2)))
    p = min(1.0, 1.0 / lam)
    half = math.sqrt((V * (V + tau2) / tau2) * (2 * math.log(1 / alpha) + math.log((V + tau2) / V)))
    return p, mean - half, mean + half, lam
for args in [(100, 0.3, 4.0, 0.01, 0.05), (1000, -0.05, 1.0, 0.04, 0.05), (50, 0.0, 2.0, 1.0, 0.05), (400, 0.25, 1.0, 0.05, 0.1), (5000, 0.12, 1.0, 0.01, 0.05)]:
    print(args, [repr(v) for v in msprt(*args)])
# two-sample: V = s1²/n1 + s2²/n2 → msprt(n=1, variance=V)
c = (800, 0.61, 0.21); k = (760, 0.66, 0.19)
V = c[2] ** 2 / c[0] + k[2] ** 2 / k[0]
print("two-sample", [repr(v) for v in msprt(1, k[1] - c[1], V, 0.0025, 0.05)])
