## Evaluation: scorecards, composite indices, rankings (domain.md §7)

err-evaluation-code-format = Mã “{ $value }” phải bắt đầu bằng chữ cái không dấu và chỉ gồm chữ cái không dấu, chữ số, dấu gạch dưới (_) hoặc gạch ngang (-), tối đa 32 ký tự.
err-measure-unknown = Thước đo “{ $value }” không hợp lệ. Chỉ nhận: tỷ lệ nhiệm vụ xanh, tỷ lệ hoàn thành đúng hạn, tỷ lệ báo cáo định kỳ, tỷ lệ quá hạn, mức độ đạt chỉ tiêu, giá trị chỉ tiêu.
err-normalisation-unknown = Cách chuẩn hóa “{ $value }” không hợp lệ. Chỉ nhận: so với chỉ tiêu, min–max trong nhóm.
err-rank-by-unknown = Cách xếp hạng “{ $value }” không hợp lệ. Chỉ nhận: theo điểm, theo tỷ lệ tiêu chí xanh.
err-criteria-empty = Bộ tiêu chí cần ít nhất một tiêu chí.
err-criterion-duplicate = Mã “{ $value }” bị trùng; mỗi tiêu chí (hoặc nhóm) cần một mã riêng.
err-criterion-indicator-unknown = Không có chỉ số “{ $value }” trong danh mục chỉ số.
err-criterion-indicator-unneeded = Thước đo về nhiệm vụ không dùng chỉ số; hãy bỏ chỉ số “{ $value }”.
err-thresholds-order = Ngưỡng xanh ({ $green }) phải tốt hơn hoặc bằng ngưỡng vàng ({ $yellow }).
err-threshold-out-of-range = Ngưỡng phải là số từ 0 đến { $max }.
err-weight-not-positive = Trọng số phải là số lớn hơn 0.
err-points-not-positive = Số điểm phải là số lớn hơn 0.
err-points-do-not-add-up = Tổng điểm các thành phần là { $actual }, không bằng { $expected } điểm của nhóm.
err-pillars-empty = Phương pháp cần ít nhất một trụ cột.
err-node-needs-measure = Thành phần không có thành phần con phải chọn thước đo.
err-node-measure-and-children = Thành phần có thành phần con không được chọn thước đo riêng.
err-methodology-too-deep = Phương pháp có quá nhiều tầng (tối đa { $max }).
err-version-not-positive = Phiên bản phải là số nguyên từ 1 trở lên.
err-definition-format = Tệp định nghĩa không đọc được: { $detail }

measure-tasks_green_share = Tỷ lệ nhiệm vụ xanh (%)
measure-tasks_on_time_rate = Tỷ lệ hoàn thành đúng hạn (%)
measure-tasks_reported_share = Tỷ lệ nhiệm vụ thường xuyên đã báo cáo (%)
measure-tasks_overdue_share = Tỷ lệ nhiệm vụ quá hạn (%)
measure-indicator_achievement = Mức độ đạt chỉ tiêu của chỉ số (%)
measure-indicator_value = Giá trị chỉ số
normalisation-against_target = So với chỉ tiêu
normalisation-min_max = Min–max trong nhóm
rank-by-score = Theo điểm
rank-by-green_share = Theo tỷ lệ tiêu chí xanh
