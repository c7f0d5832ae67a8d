## Evaluation: scorecards, composite indices, rankings (domain.md §7)

err-evaluation-code-format = The code “{ $value }” must start with an unaccented letter and contain only unaccented letters, digits, underscores (_) or hyphens (-), at most 32 characters.
err-measure-unknown = The measure “{ $value }” is not valid. Accepted: share of green tasks, on-time completion rate, share of regular tasks reported, share of overdue tasks, indicator achievement, indicator value.
err-normalisation-unknown = The normalisation “{ $value }” is not valid. Accepted: against target, min–max among peers.
err-rank-by-unknown = “{ $value }” is not a way to rank. Accepted: by score, by share of green criteria.
err-criteria-empty = A scorecard needs at least one criterion.
err-criterion-duplicate = The code “{ $value }” is used twice; each criterion (or group) needs its own code.
err-criterion-indicator-unknown = There is no indicator “{ $value }” in the catalogue.
err-criterion-indicator-unneeded = A task measure reads no indicator; remove the indicator “{ $value }”.
err-thresholds-order = The green threshold ({ $green }) must be at least as good as the yellow one ({ $yellow }).
err-threshold-out-of-range = A threshold must be a number from 0 to { $max }.
err-weight-not-positive = A weight must be a number above 0.
err-points-not-positive = Points must be a number above 0.
err-points-do-not-add-up = The parts add up to { $actual } points, not the { $expected } points of their group.
err-pillars-empty = A methodology needs at least one pillar.
err-node-needs-measure = A part without sub-parts must choose a measure.
err-node-measure-and-children = A part with sub-parts cannot have a measure of its own.
err-methodology-too-deep = The methodology has too many levels (at most { $max }).
err-version-not-positive = The version must be a whole number from 1 up.
err-definition-format = The definition file could not be read: { $detail }

measure-tasks_green_share = Share of green tasks (%)
measure-tasks_on_time_rate = On-time completion rate (%)
measure-tasks_reported_share = Share of regular tasks reported (%)
measure-tasks_overdue_share = Share of overdue tasks (%)
measure-indicator_achievement = Indicator achievement of target (%)
measure-indicator_value = Indicator value
normalisation-against_target = Against target
normalisation-min_max = Min–max among peers
rank-by-score = By score
rank-by-green_share = By share of green criteria
