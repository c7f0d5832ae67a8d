### nqtrack — bản tiếng Việt (ngôn ngữ mặc định và ngôn ngữ dự phòng).
### en/main.ftl phải có đúng cùng một tập mã thông điệp (unit test trong src/i18n.rs kiểm tra).
###
### Quy ước:
### - Mã thông điệp Fluent không được chứa dấu '.', nên tên thao tác nhật ký "unit.create"
###   được tra bằng mã "action-unit_create" (đổi '.' thành '_').
### - Lỗi theo trường: "err-" + mã lỗi; luôn nhận { $field } (nhãn trường đã dịch)
###   cùng các tham số riêng của lỗi.
### - Nhãn trường: "field-" + tên trường.

## Ứng dụng

app-name = nqtrack
app-title = nqtrack
app-tagline = Theo dõi, đánh giá thực hiện Nghị quyết 57-NQ/TW
skip-to-content = Chuyển đến nội dung chính
lang-switch = Ngôn ngữ
lang-vi = Tiếng Việt
lang-en = English
breadcrumb-home = Trang chủ

## Điều hướng

nav-main = Điều hướng chính
nav-home = Trang chủ
nav-units = Đơn vị
nav-users = Người dùng
nav-audit = Nhật ký
nav-import = Nhập dữ liệu
nav-account = Tài khoản
nav-login = Đăng nhập
nav-logout = Đăng xuất

## Đăng nhập

login-title = Đăng nhập hệ thống
login-intro = Sử dụng tài khoản do quản trị hệ thống cấp.
login-username = Tên đăng nhập
login-password = Mật khẩu
login-submit = Đăng nhập
login-failed = Tên đăng nhập hoặc mật khẩu không đúng.

## Dùng chung

save = Lưu
cancel = Hủy
search = Tìm kiếm
back = Quay lại
yes = Có
no = Không
actions = Thao tác
none = Không có
edit = Sửa
create = Tạo mới
delete = Xóa
close = Đóng
details = Chi tiết
confirm = Bạn có chắc chắn muốn thực hiện thao tác này?
loading = Đang tải…
required-mark = (bắt buộc)
optional-mark = (không bắt buộc)
page-prev = Trang trước
page-next = Trang sau
page-of = Trang { $page }/{ $pages }
flash-saved = Đã lưu thay đổi.
errors-title = Vui lòng kiểm tra lại các thông tin sau:

## Lỗi của cả yêu cầu

problem-title = Có lỗi xảy ra
problem-back-home = Về trang chủ
problem-invalid = Dữ liệu không hợp lệ.
problem-forbidden = Bạn không có quyền thực hiện thao tác này.
problem-not-found = Không tìm thấy trang hoặc dữ liệu yêu cầu.
problem-unauthenticated = Phiên đăng nhập đã hết hạn hoặc chưa đăng nhập.
problem-csrf = Biểu mẫu đã hết hạn. Vui lòng tải lại trang và thực hiện lại.
problem-rate-limited = Bạn đã thao tác quá nhiều lần. Vui lòng thử lại sau { $seconds } giây.
problem-conflict = Dữ liệu đã có hoặc vừa được người khác cập nhật. Vui lòng tải lại trang và thực hiện lại.
problem-internal = Hệ thống gặp sự cố. Vui lòng thử lại sau hoặc liên hệ quản trị hệ thống.
problem-too-large = Dữ liệu gửi lên vượt quá dung lượng cho phép.

## Nhãn trường

field-code = Mã đơn vị
field-name = Tên
field-kind = Loại đơn vị
field-level = Cấp
field-parent = Đơn vị cấp trên
field-parent_code = Mã đơn vị cấp trên
field-username = Tên đăng nhập
field-display_name = Họ và tên
field-email = Thư điện tử
field-password = Mật khẩu
field-new_password = Mật khẩu mới
field-current_password = Mật khẩu hiện tại
field-role = Vai trò
field-unit = Đơn vị
field-effective_on = Ngày có hiệu lực
field-reason = Lý do, căn cứ
field-sources = Đơn vị sáp nhập
field-target = Đơn vị tiếp nhận
field-source = Đơn vị chia tách
field-successors = Đơn vị mới sau chia tách
field-body = Ban Chỉ đạo hoặc Tổ giúp việc
field-person_name = Họ và tên
field-position = Chức vụ
field-portfolio = Lĩnh vực phụ trách
field-standing_office = Cơ quan thường trực
field-decision = Quyết định
field-file = Tệp dữ liệu
field-group = Nhóm
field-query = Từ khóa tìm kiếm

## Lỗi theo trường (err- + mã lỗi)

err-required = { $field } không được để trống.
err-too-long = { $field } không được vượt quá { $max } ký tự.
err-unit-code-format = { $field } chỉ được gồm chữ cái không dấu, chữ số và các dấu chấm (.), gạch ngang (-), gạch dưới (_), không có khoảng trắng.
err-control-characters = { $field } có chứa ký tự điều khiển không hợp lệ.
err-unit-kind-unknown = { $field } “{ $value }” không hợp lệ.
err-level-unknown = { $field } “{ $value }” không hợp lệ. Chỉ nhận: Trung ương, Tỉnh, Xã.
err-level-above-parent = Cấp của đơn vị ({ $level }) không được cao hơn cấp của đơn vị cấp trên ({ $parent_level }).
err-unit-cycle = { $field } không hợp lệ: không thể chuyển một đơn vị vào chính nó hoặc vào đơn vị trực thuộc của nó.
err-username-length = { $field } phải có từ { $min } đến { $max } ký tự.
err-username-format = { $field } chỉ được gồm chữ thường không dấu (a–z), chữ số và các dấu chấm (.), gạch dưới (_), gạch ngang (-).
err-email-format = { $field } không đúng định dạng (ví dụ: ten@coquan.gov.vn).
err-password-too-short = { $field } phải có ít nhất { $min } ký tự.
err-role-unknown = { $field } “{ $value }” không hợp lệ.
err-member-role-unknown = { $field } “{ $value }” không hợp lệ. Chỉ nhận: Trưởng ban, Phó Trưởng ban, Thành viên.
err-body-unknown = { $field } “{ $value }” không hợp lệ. Chỉ nhận: Ban Chỉ đạo, Tổ giúp việc.
err-date-format = { $field } không đúng định dạng ngày/tháng/năm (ví dụ: 01/07/2025).
err-date-in-future = { $field } không được sau ngày hôm nay.
err-unit-dissolved = { $field } đã ngừng hoạt động.
err-merge-into-itself = Không thể sáp nhập một đơn vị vào chính nó.
err-duplicate = { $field } bị chọn trùng lặp.
err-merge-level-mismatch = { $field } phải cùng cấp với đơn vị tiếp nhận (đang là { $level }, đơn vị tiếp nhận là { $target_level }).
err-split-needs-two = Chia tách phải tạo ra ít nhất { $min } đơn vị mới; nếu chỉ thay đổi tên, hãy dùng chức năng Đổi tên.
err-name-unchanged = Tên mới trùng với tên hiện tại.
err-duplicate-code = Mã đơn vị “{ $value }” đã tồn tại.
err-duplicate-in-file = Mã đơn vị “{ $value }” bị trùng trong tệp (đã có ở dòng { $row }).
err-unknown-parent = Không tìm thấy đơn vị cấp trên có mã “{ $value }”.
err-missing-column = Tệp thiếu cột bắt buộc: { $field }.
err-not-found = { $field } không tồn tại hoặc đã bị xóa.
err-username-taken = Tên đăng nhập này đã được sử dụng.
err-wrong-password = Mật khẩu hiện tại không đúng.
err-password-mismatch = Mật khẩu nhập lại không khớp.
err-file-too-large = Tệp vượt quá dung lượng cho phép (tối đa { $limit }).
err-file-type = Chỉ chấp nhận tệp CSV hoặc Excel (.xlsx).
err-file-malformed = Không đọc được tệp: { $detail }
err-too-many-rows = Tệp có quá nhiều dòng (tối đa { $limit } dòng dữ liệu).
err-file-empty = Tệp không có dữ liệu.
err-parent-required = Đơn vị này phải có đơn vị cấp trên.

## Loại đơn vị

kind-central = Trung ương
kind-ministry = Bộ, ngành
kind-province = Tỉnh
kind-city = Thành phố
kind-department = Sở, ban, ngành
kind-commune = Xã
kind-ward = Phường
kind-special_zone = Đặc khu
kind-agency = Cơ quan

## Cấp

level-central = Trung ương
level-province = Tỉnh
level-commune = Xã

## Vai trò người dùng

role-administrator = Quản trị hệ thống
role-coordinator = Cơ quan thường trực / Điều phối
role-reporter = Cán bộ báo cáo
role-leader = Lãnh đạo
role-inspector = Kiểm tra, giám sát

## Ban Chỉ đạo, Tổ giúp việc

member-head = Trưởng ban
member-deputy = Phó Trưởng ban
member-member = Thành viên
body-committee = Ban Chỉ đạo
body-working_group = Tổ giúp việc

## Danh sách đơn vị

units-title = Hệ thống đơn vị
units-search-label = Tìm đơn vị
units-search-placeholder = Tìm đơn vị (không cần dấu)…
units-count =
    { $count ->
        [0] Không có đơn vị nào
       *[other] { $count } đơn vị
    }
units-show-dissolved = Hiển thị cả đơn vị đã ngừng hoạt động
units-no-results = Không tìm thấy đơn vị phù hợp.
units-create = Thêm đơn vị

## Trang đơn vị

unit-sub-units = Đơn vị trực thuộc
unit-committee = Ban Chỉ đạo
unit-working-group = Tổ giúp việc
unit-standing-office = Cơ quan thường trực
unit-members = Thành viên
unit-users = Người dùng
unit-groups = Nhóm
unit-history = Lịch sử thay đổi
unit-lineage = Quá trình sắp xếp
unit-dissolved = Ngừng hoạt động
unit-dissolved-on = Ngừng hoạt động từ ngày { $date }
unit-successors = Đơn vị kế thừa
unit-predecessors = Đơn vị trước sắp xếp
unit-former-names = Tên gọi trước đây
unit-edit = Sửa thông tin
unit-add-sub-unit = Thêm đơn vị trực thuộc
unit-merge = Sáp nhập
unit-split = Chia tách
unit-rename = Đổi tên
unit-move = Chuyển đơn vị cấp trên
unit-merge-help = Các đơn vị sáp nhập ngừng hoạt động từ ngày có hiệu lực; đơn vị trực thuộc của chúng được chuyển về đơn vị tiếp nhận.
unit-split-help = Đơn vị bị chia tách ngừng hoạt động từ ngày có hiệu lực; cần ít nhất hai đơn vị mới.
unit-rename-help = Đơn vị giữ nguyên mã; tên cũ được lưu trong lịch sử.
unit-move-help = Chọn đơn vị cấp trên mới; các đơn vị trực thuộc được chuyển theo.
unit-no-committee = Chưa có thông tin Ban Chỉ đạo.
committee-add-member = Thêm thành viên
committee-remove-member = Đưa ra khỏi danh sách
group-create = Tạo nhóm

## Quản lý người dùng

users-title = Quản lý người dùng
user-create = Tạo người dùng
user-disable = Khóa tài khoản
user-enable = Mở khóa tài khoản
user-reset-password = Đặt lại mật khẩu
user-reset-done = Mật khẩu tạm thời: { $password } — Hãy chuyển cho người dùng qua kênh an toàn; mật khẩu này chỉ hiển thị một lần.
user-grant-role = Cấp vai trò
user-revoke-role = Thu hồi vai trò
user-roles = Vai trò
user-status = Trạng thái
user-status-active = Đang hoạt động
user-status-disabled = Đã khóa
user-last-login = Đăng nhập gần nhất

## Tài khoản

account-title = Tài khoản của tôi
account-sessions = Phiên đăng nhập của tôi
account-session-current = Phiên hiện tại
account-session-started = Bắt đầu
account-session-last-seen = Hoạt động gần nhất
account-session-client = Thiết bị, trình duyệt
account-session-revoke = Đăng xuất phiên này
account-session-revoke-others = Đăng xuất tất cả phiên khác
account-tokens = Mã truy cập API
account-token-name = Tên mã truy cập
account-token-create = Tạo mã truy cập
token-created = Mã truy cập mới: { $token } — Hãy sao chép ngay, mã này sẽ không được hiển thị lại.
account-token-revoke = Thu hồi
account-password-change = Đổi mật khẩu
account-password-changed = Đã đổi mật khẩu.
account-password-repeat = Nhập lại mật khẩu mới

## Nhật ký

audit-title = Nhật ký hoạt động
audit-time = Thời gian
audit-actor = Người thực hiện
audit-action = Thao tác
audit-object = Đối tượng
audit-changes = Nội dung thay đổi
audit-before = Trước
audit-after = Sau
audit-system = Hệ thống
audit-empty = Chưa có bản ghi nào.

## Nhập dữ liệu

import-title = Nhập danh sách đơn vị
import-upload = Chọn tệp CSV hoặc Excel (.xlsx)
import-submit = Kiểm tra và nhập
import-help = Dòng đầu tiên của tệp là tiêu đề cột. Tệp CSV cần mã hóa UTF-8. Nếu có bất kỳ lỗi nào, toàn bộ tệp bị từ chối và không dòng nào được ghi.
import-columns = Các cột của tệp:
import-col-code = code (mã): mã đơn vị, ví dụ 01 (Hà Nội).
import-col-name = name (tên): tên đầy đủ của đơn vị.
import-col-kind = kind (loại): Trung ương, Bộ, Tỉnh, Thành phố, Sở, Xã, Phường, Đặc khu, Cơ quan.
import-col-level = level (cấp): Trung ương, Tỉnh, Xã.
import-col-parent_code = parent_code (mã cấp trên): mã của đơn vị cấp trên, đã có trong hệ thống hoặc nằm trong cùng tệp.
import-aliases = Tiêu đề cột có thể viết bằng tiếng Việt: mã, tên, loại, cấp, mã cấp trên.
import-ok =
    { $count ->
        [0] Tệp không có đơn vị nào để nhập.
       *[other] Đã nhập thành công { $count } đơn vị.
    }
import-rejected = Tệp có { $count } lỗi. Không có dòng nào được ghi; vui lòng sửa tệp và tải lên lại.
import-row = Dòng
import-column = Cột
import-reason = Lý do

## Tên thao tác trong nhật ký ('.' trong tên thao tác được đổi thành '_')

action-unit_create = Tạo đơn vị
action-unit_update = Cập nhật đơn vị
action-unit_move = Chuyển đơn vị cấp trên
action-unit_merge = Sáp nhập đơn vị
action-unit_split = Chia tách đơn vị
action-unit_rename = Đổi tên đơn vị
action-unit_import = Nhập danh sách đơn vị
action-committee_update = Cập nhật thông tin Ban Chỉ đạo
action-committee_member_add = Thêm thành viên Ban Chỉ đạo, Tổ giúp việc
action-committee_member_remove = Đưa thành viên ra khỏi Ban Chỉ đạo, Tổ giúp việc
action-group_create = Tạo nhóm
action-group_member_add = Thêm thành viên nhóm
action-group_member_remove = Đưa thành viên ra khỏi nhóm
action-user_create = Tạo người dùng
action-user_update = Cập nhật người dùng
action-user_disable = Khóa tài khoản
action-user_enable = Mở khóa tài khoản
action-user_password_reset = Đặt lại mật khẩu
action-user_password_change = Đổi mật khẩu
action-user_grant = Cấp vai trò
action-user_revoke = Thu hồi vai trò
action-session_login = Đăng nhập
action-session_logout = Đăng xuất
action-session_revoke = Thu hồi phiên đăng nhập
action-token_create = Tạo mã truy cập API
action-token_revoke = Thu hồi mã truy cập API

## Added with the units, users and API modules
err-forbidden-parent = Bạn không có quyền thêm đơn vị vào đơn vị cấp trên này.
err-outside-owner = Đơn vị không thuộc phạm vi của đơn vị sở hữu nhóm.
err-json-invalid = Nội dung gửi lên không phải JSON hợp lệ.
err-duplicate-column = Cột “{ $field }” xuất hiện nhiều lần.
err-code-taken = Mã này đã được dùng cho một đơn vị đang hoạt động khác.
field-repeat_password = Nhập lại mật khẩu mới
field-unit_id = Đơn vị
field-parent_id = Đơn vị cấp trên
field-owner_id = Đơn vị sở hữu
field-body-json = Nội dung
action-unit_dissolve = Ngừng hoạt động đơn vị
err-query-invalid = Tham số truy vấn không hợp lệ.
account-must-change = Mật khẩu của bạn là mật khẩu dùng một lần: hãy đổi mật khẩu trước khi tiếp tục.
object-unit = Đơn vị
object-user = Người dùng
object-group = Nhóm đơn vị

## holidays
holidays-title = Ngày nghỉ lễ, Tết
holidays-intro = Thời hạn tính theo ngày làm việc bỏ qua thứ Bảy, Chủ nhật và các ngày nghỉ dưới đây, và tính cả những ngày thứ Bảy, Chủ nhật đi làm bù. Danh sách được nạp sẵn theo các ngày nghỉ đã công bố; quản trị hệ thống cập nhật khi có thông báo mới.
holidays-working-days = Số ngày làm việc trong năm: { $count }
holidays-empty = Chưa có ngày nghỉ nào cho năm này.
holidays-weekday = Thứ
holidays-kind = Loại ngày
holidays-day-off = Ngày nghỉ
holidays-worked = Ngày làm bù
holidays-add = Thêm hoặc sửa một ngày
holidays-add-hint = Nhập một ngày đã có trong danh sách để sửa tên hoặc loại ngày. Chỉ thứ Bảy hoặc Chủ nhật mới có thể là ngày làm bù.
holidays-seed = Nạp ngày nghỉ theo quy định
holidays-seed-hint = Nạp các ngày nghỉ lễ, Tết đã công bố cho những năm hệ thống biết (2025–2027). Năm nào đã có ngày trong danh sách thì được giữ nguyên.
holidays-weekday-1 = Thứ Hai
holidays-weekday-2 = Thứ Ba
holidays-weekday-3 = Thứ Tư
holidays-weekday-4 = Thứ Năm
holidays-weekday-5 = Thứ Sáu
holidays-weekday-6 = Thứ Bảy
holidays-weekday-7 = Chủ nhật
field-day = Ngày
field-year = Năm
field-working = Ngày làm bù (thứ Bảy, Chủ nhật đi làm)
err-working-day-not-weekend = Ngày { $date } không phải thứ Bảy hay Chủ nhật: chỉ ngày cuối tuần mới có thể là ngày làm bù.
err-year-range = { $field } phải nằm trong khoảng từ { $min } đến { $max }.
action-holiday_create = Thêm ngày nghỉ
action-holiday_update = Sửa ngày nghỉ
action-holiday_delete = Xóa ngày nghỉ
action-holiday_seed = Nạp ngày nghỉ theo quy định
object-holiday = Ngày nghỉ lễ, Tết

## notifications
nav-notifications = Thông báo
notifications-title = Thông báo
notifications-unread = Chưa đọc: { $count }
notifications-empty = Chưa có thông báo nào.
notifications-time = Thời gian
notifications-notice = Nội dung
notifications-new = Mới
notifications-read = Đã đọc
notifications-mark-read = Đánh dấu đã đọc
notifications-read-all = Đánh dấu tất cả đã đọc

## tasks
nav-tasks = Nhiệm vụ
nav-documents = Văn bản
object-task = Nhiệm vụ
object-document = Văn bản
action-task_assign = Giao nhiệm vụ
action-task_update = Cập nhật nhiệm vụ
action-task_adjust_deadline = Điều chỉnh thời hạn nhiệm vụ
action-task_cancel = Hủy nhiệm vụ
action-task_cascade = Giao nhiệm vụ cho cấp dưới
action-task_progress = Báo cáo tiến độ
action-task_contribution = Báo cáo kết quả phối hợp
action-task_complete = Báo cáo hoàn thành
action-task_confirm = Xác nhận hoàn thành
action-task_return = Trả lại báo cáo hoàn thành
action-task_extension_request = Đề nghị gia hạn
action-task_extension_approve = Đồng ý gia hạn
action-task_extension_refuse = Không đồng ý gia hạn
action-document_create = Nhập văn bản
action-document_update = Cập nhật văn bản
task-status-completed_on_time = Hoàn thành đúng hạn
task-status-completed_late = Hoàn thành quá hạn
task-status-in_progress = Đang thực hiện trong hạn
task-status-overdue = Quá hạn
task-status-reported = Đã báo cáo trong kỳ
task-status-not_reported = Chưa báo cáo trong kỳ
task-colour-green = Xanh
task-colour-yellow = Vàng
task-colour-red = Đỏ
task-kind-deadline = Có thời hạn
task-kind-monthly = Định kỳ hằng tháng
task-kind-quarterly = Định kỳ hằng quý
task-kind-yearly = Định kỳ hằng năm
task-kind-regular = Thường xuyên
task-field-institutions = Thể chế, chính sách
task-field-infrastructure = Hạ tầng số
task-field-data = Dữ liệu số
task-field-human_resources = Nguồn nhân lực
task-field-science_technology = Khoa học, công nghệ
task-field-innovation = Đổi mới sáng tạo
task-field-digital_government = Chính quyền số
task-field-digital_economy = Kinh tế số
task-field-digital_society = Xã hội số
task-field-security = An toàn thông tin, an ninh mạng
task-field-other = Khác
task-priority-normal = Bình thường
task-priority-high = Cao
task-priority-urgent = Khẩn
task-confidentiality-public = Công khai
task-confidentiality-internal = Nội bộ
task-confidentiality-secret = Mật
task-source-document = Văn bản chỉ đạo
task-source-meeting = Kết luận cuộc họp
task-source-own = Đơn vị tự đề ra
doc-type-resolution = Nghị quyết
doc-type-plan = Kế hoạch
doc-type-conclusion_notice = Thông báo kết luận
doc-type-directive = Chỉ thị
doc-type-programme = Chương trình
doc-type-decision = Quyết định
doc-type-official_letter = Công văn
doc-type-other = Văn bản khác
field-title = Tiêu đề
field-content = Nội dung
field-document_id = Văn bản giao nhiệm vụ
field-clause = Điều, khoản, mục trong văn bản
field-assigner_id = Đơn vị giao
field-presiding_id = Đơn vị chủ trì
field-coordinator_ids = Đơn vị phối hợp
field-leader_id = Lãnh đạo phụ trách
field-assigned_on = Ngày giao
field-deadline = Thời hạn hoàn thành
field-working_days = Số ngày làm việc
field-product = Sản phẩm
field-key_results = Kết quả chủ yếu
field-field = Lĩnh vực
field-priority = Mức độ ưu tiên
field-confidentiality = Độ mật
field-allow_later_children = Cho phép nhiệm vụ giao tiếp cho cấp dưới có thời hạn muộn hơn nhiệm vụ này
field-allow_later = Cho phép thời hạn muộn hơn thời hạn của nhiệm vụ cấp trên
field-percent = Tiến độ (%)
field-done = Kết quả đã thực hiện
field-difficulties = Khó khăn, vướng mắc
field-proposals = Đề xuất, kiến nghị
field-backwards_reason = Lý do điều chỉnh giảm tiến độ
field-files = Tệp minh chứng
field-links = Liên kết minh chứng (mỗi dòng một liên kết)
field-document_numbers = Số, ký hiệu văn bản minh chứng
field-note = Ghi chú
field-requested_deadline = Thời hạn đề nghị
field-targets = Đơn vị nhận nhiệm vụ
field-unit_ids = Đơn vị nhận nhiệm vụ
field-within_id = Đơn vị chủ trì trong phạm vi
field-relation = Quan hệ với nhiệm vụ
field-status = Tình trạng
field-colour = Mức cảnh báo
field-deadline_from = Thời hạn từ ngày
field-deadline_to = Thời hạn đến ngày
field-sort = Sắp xếp theo
field-as_of = Số liệu tính đến ngày
field-version = Phiên bản dữ liệu
field-task = Nhiệm vụ
field-extension = Đề nghị gia hạn
field-approve = Quyết định
field-q = Từ khóa tìm kiếm
field-doc_type = Loại văn bản
field-number = Số, ký hiệu
field-issued_on = Ngày ban hành
field-issuer_id = Cơ quan ban hành
field-signer = Người ký
field-summary = Trích yếu nội dung
err-deadline-before-assignment = Thời hạn hoàn thành không được trước ngày giao nhiệm vụ.
err-deadline-after-parent = Thời hạn không được muộn hơn thời hạn của nhiệm vụ cấp trên (trừ khi đơn vị giao cho phép).
err-unit-outside-assigner = { $field }: đơn vị đã chọn không thuộc phạm vi của đơn vị giao nhiệm vụ.
err-percent-range = Tiến độ phải là số từ 0 đến 100 (đã nhập: { $value }).
err-progress-backwards = Tiến độ mới thấp hơn tiến độ đã báo cáo: vui lòng ghi lý do điều chỉnh giảm.
err-extension-after-deadline = Đã quá thời hạn hoàn thành: chỉ được đề nghị gia hạn trước khi hết hạn.
err-extension-not-later = Thời hạn đề nghị phải muộn hơn thời hạn hiện hành.
err-extension-pending = Đang có một đề nghị gia hạn chờ đơn vị giao quyết định.
err-already-decided = Đề nghị này đã được quyết định.
err-task-cancelled = Nhiệm vụ đã bị hủy: không thể báo cáo hay quyết định thêm.
err-already-completed = Nhiệm vụ đã được báo cáo hoàn thành.
err-no-completion-awaiting = Không có báo cáo hoàn thành nào đang chờ xác nhận.
err-completion-needs-deadline-task = Chỉ nhiệm vụ có thời hạn mới báo cáo hoàn thành; nhiệm vụ thường xuyên báo cáo theo kỳ, nhiệm vụ định kỳ báo cáo ở từng kỳ.
err-regular-has-no-deadline = Nhiệm vụ thường xuyên không có thời hạn hoàn thành.
err-edit-conflict = Dữ liệu đã được người khác cập nhật trước; vui lòng tải lại trang để xem bản mới nhất rồi thực hiện lại.
err-coordinator-is-presiding = Đơn vị chủ trì không đồng thời là đơn vị phối hợp.
err-leader-not-member = Lãnh đạo phụ trách phải là thành viên Ban Chỉ đạo của đơn vị giao hoặc của cấp trên.
err-document-number-taken = Số, ký hiệu văn bản này đã có trong hệ thống.
err-file-type-forbidden = Loại tệp không được chấp nhận. Chỉ nhận PDF, ảnh (PNG, JPEG, GIF, WebP), tài liệu Word, Excel, PowerPoint, OpenDocument và tệp văn bản .txt, .csv.
err-link-format = Liên kết “{ $value }” không hợp lệ: phải bắt đầu bằng https:// hoặc http:// và không có khoảng trắng.
err-task-code-format = Mã nhiệm vụ “{ $value }” chỉ được gồm chữ cái không dấu, chữ số và các dấu . - _ /, tối đa 64 ký tự.
err-working-days-positive = Số ngày làm việc phải là số nguyên lớn hơn 0.
err-cascade-series = Không giao tiếp được nhiệm vụ định kỳ; hãy giao tiếp nhiệm vụ của từng kỳ.
err-no-units = Không có đơn vị nào nhận nhiệm vụ: hãy chọn ít nhất một đơn vị cấp dưới.
err-not-involved = Đơn vị đã chọn không chủ trì hay phối hợp thực hiện nhiệm vụ này.
err-report-on-occurrence = Nhiệm vụ định kỳ được báo cáo theo từng kỳ: hãy mở nhiệm vụ của kỳ cần báo cáo.
err-relation-unknown = { $field } không hợp lệ.
err-sort-unknown = Cách sắp xếp không hợp lệ.
err-period-format = Kỳ báo cáo “{ $value }” không hợp lệ (ví dụ: 2025, 2025-Q3, 2025-H1, 2025-09).
err-status-unknown = Tình trạng “{ $value }” không hợp lệ.
err-colour-unknown = Mức cảnh báo “{ $value }” không hợp lệ. Chỉ nhận: xanh, vàng, đỏ.
err-task-kind-unknown = Loại nhiệm vụ “{ $value }” không hợp lệ. Chỉ nhận: có thời hạn, hằng tháng, hằng quý, hằng năm, thường xuyên.
err-task-field-unknown = Lĩnh vực “{ $value }” không hợp lệ.
err-priority-unknown = Mức độ ưu tiên “{ $value }” không hợp lệ. Chỉ nhận: bình thường, cao, khẩn.
err-confidentiality-unknown = Độ mật “{ $value }” không hợp lệ. Chỉ nhận: công khai, nội bộ, mật.
err-document-type-unknown = Loại văn bản “{ $value }” không hợp lệ.
err-task-source-unknown = Nguồn giao nhiệm vụ “{ $value }” không hợp lệ. Chỉ nhận: văn bản, kết luận cuộc họp, đơn vị tự đề ra.
err-periodicity-unknown = Chu kỳ “{ $value }” không hợp lệ.
err-progress-kind-unknown = { $field } “{ $value }” không hợp lệ.
err-completion-state-unknown = { $field } “{ $value }” không hợp lệ.
err-extension-state-unknown = { $field } “{ $value }” không hợp lệ.
err-attachment-kind-unknown = { $field } “{ $value }” không hợp lệ.
err-unit-code-unknown = Không tìm thấy đơn vị có mã “{ $value }” trong phạm vi của bạn.
tasks-title = Nhiệm vụ
tasks-assign = Giao nhiệm vụ
tasks-export-xlsx = Xuất Excel
tasks-export-csv = Xuất CSV
tasks-import = Nhập từ Excel
tasks-as-of-banner = Số liệu tính đến ngày { $date }
tasks-relation = Phạm vi nhiệm vụ
tasks-relation-subtree = Chủ trì trong phạm vi
tasks-relation-leading = Đơn vị chủ trì
tasks-relation-assigned = Đơn vị giao
tasks-relation-supporting = Phối hợp
tasks-total = Tổng số
tasks-due-soon = Sắp đến hạn
tasks-at-risk = Có nguy cơ chậm
tasks-filters = Lọc, tìm kiếm
tasks-search = Tìm kiếm
tasks-search-hint = Tìm không dấu, ví dụ: chuyen doi so
tasks-all = Tất cả
tasks-whole-subtree = Toàn bộ phạm vi
tasks-sort-deadline = Thời hạn gần nhất
tasks-sort-code = Mã nhiệm vụ
tasks-sort-recent = Giao gần đây nhất
tasks-sort-progress = Tiến độ thấp nhất
tasks-filter = Lọc
tasks-clear-filters = Bỏ lọc
tasks-empty = Không có nhiệm vụ nào phù hợp.
tasks-count = Có { $count } nhiệm vụ
tasks-deadline-in-force = Thời hạn hiện hành
tasks-paging = Chuyển trang
tasks-page = Trang { $page }
task-label-code = Mã nhiệm vụ
task-label-kind = Loại nhiệm vụ
task-label-field = Lĩnh vực
task-label-source = Nguồn giao nhiệm vụ
task-new-title = Giao nhiệm vụ
task-new-intro = Điền các thông tin của nhiệm vụ. Thời hạn có thể nhập theo ngày (dd/mm/yyyy) hoặc theo số ngày làm việc kể từ ngày giao.
task-new-units = Đơn vị, người phụ trách
task-unit-code = Hoặc nhập mã đơn vị
task-unit-code-hint = Chọn trong danh sách, hoặc nhập mã của đơn vị ở cấp sâu hơn.
task-unit-codes = Mã đơn vị (cách nhau bởi dấu phẩy)
task-code-auto = Để trống: hệ thống tự đặt mã
task-source-auto = Tự xác định
task-today = Để trống: hôm nay
task-working-days-hint = Dùng khi không nhập thời hạn: thời hạn = ngày giao + số ngày làm việc (không tính ngày nghỉ).
task-assign-submit = Giao nhiệm vụ
task-awaiting-confirmation = Chờ xác nhận hoàn thành
task-not-counted = Không tính vào số liệu ở ngày này
task-cancelled-on = Đã hủy ngày { $date }
task-show-as-of = Xem
task-original-deadline = thời hạn ban đầu: { $date }
task-children = Nhiệm vụ đã giao cho cấp dưới
task-not-started = Đơn vị chưa triển khai ({ $count })
task-not-started-more = Danh sách chỉ hiện 100 đơn vị đầu tiên.
task-form-progress = Báo cáo tiến độ
task-form-completion = Báo cáo hoàn thành
task-form-extension = Đề nghị gia hạn
task-form-decide-completion = Xác nhận kết quả hoàn thành
task-form-decide-extension = Quyết định đề nghị gia hạn đến ngày { $date }
task-form-cascade = Giao nhiệm vụ cho cấp dưới
task-form-edit = Sửa thông tin nhiệm vụ
task-form-deadline = Điều chỉnh thời hạn
task-form-cancel = Hủy nhiệm vụ
task-presiding = chủ trì
task-coordinating = phối hợp
task-contribution-hint = Đơn vị phối hợp báo cáo kết quả phối hợp; tiến độ (%) chỉ do đơn vị chủ trì báo cáo.
task-send-report = Gửi báo cáo
task-send-completion = Báo cáo hoàn thành
task-send-extension = Gửi đề nghị
task-decision = Quyết định
task-confirm-completion = Xác nhận hoàn thành
task-return-completion = Trả lại (ghi rõ lý do)
task-approve-extension = Đồng ý gia hạn
task-refuse-extension = Không đồng ý (ghi rõ lý do)
task-cascade-intro = Giao nhiệm vụ này cho các đơn vị cấp dưới; mỗi đơn vị nhận một nhiệm vụ riêng gắn với nhiệm vụ này. Đơn vị đã nhận rồi sẽ được bỏ qua.
task-cascade-to = Giao cho
task-cascade-communes = Mọi xã, phường, đặc khu trực thuộc
task-cascade-departments = Mọi sở, ban, ngành trực thuộc
task-cascade-chosen = Các đơn vị được chọn
task-cascade-submit = Giao nhiệm vụ
task-cascade-created = Đã giao nhiệm vụ cho { $count } đơn vị.
task-cascade-skipped = Bỏ qua các đơn vị đã nhận nhiệm vụ: { $value }.
task-cancel-intro = Nhiệm vụ bị hủy không còn tính vào số liệu từ hôm nay nhưng vẫn được lưu trong hồ sơ.
task-cancel-submit = Hủy nhiệm vụ
task-evidence = Minh chứng
task-evidence-files-hint = PDF, ảnh, Word, Excel, PowerPoint, OpenDocument, .txt, .csv; tối đa { $limit } mỗi tệp.
task-evidence-choose-again = Trình duyệt không giữ lại tệp đã chọn: vui lòng chọn lại tệp.
task-evidence-link = liên kết
task-evidence-number = văn bản
task-timeline = Diễn biến thực hiện
task-after-as-of = sau ngày xem số liệu
task-event-assigned = Giao nhiệm vụ
task-event-deadline = Điều chỉnh thời hạn đến ngày { $date }
task-event-progress = Báo cáo tiến độ: { $count }%
task-event-progress-note = Báo cáo tiến độ
task-event-contribution = Báo cáo kết quả phối hợp
task-event-extension-request = Đề nghị gia hạn đến ngày { $date }
task-event-extension-approved = Đồng ý gia hạn đến ngày { $date }
task-event-extension-refused = Không đồng ý gia hạn đến ngày { $date }
task-event-completion = Báo cáo hoàn thành
task-event-completion-confirmed = Xác nhận hoàn thành
task-event-completion-returned = Trả lại báo cáo hoàn thành
task-event-cancelled = Hủy nhiệm vụ
task-history = Lịch sử thay đổi
task-history-all = Xem toàn bộ lịch sử
documents-title = Văn bản
documents-new = Nhập văn bản
documents-edit = Sửa văn bản
documents-search-hint = Tìm không dấu theo số, trích yếu, người ký
documents-empty = Không có văn bản nào phù hợp.
documents-count = Có { $count } văn bản
documents-tasks = Số nhiệm vụ
documents-attachments = Tệp đính kèm
documents-tasks-born = Nhiệm vụ giao từ văn bản
documents-assign-from = Giao nhiệm vụ từ văn bản này

## api requests
err-if-match-invalid = Tiêu đề If-Match không hợp lệ: cần số phiên bản của nhiệm vụ.
err-multipart-invalid = Dữ liệu gửi lên (multipart) không đọc được.
err-number-format = Cần nhập một số nguyên.

## task import
task-import-title = Nhập nhiệm vụ từ phụ lục
task-import-help = Mỗi dòng của tệp là một nhiệm vụ do đơn vị giao chọn dưới đây giao, được kiểm tra như khi nhập trên biểu mẫu giao nhiệm vụ. Đơn vị chủ trì, phối hợp ghi bằng mã đơn vị; lãnh đạo phụ trách ghi họ tên thành viên Ban Chỉ đạo, Tổ giúp việc. Nếu có bất kỳ lỗi nào, toàn bộ tệp bị từ chối, không nhiệm vụ nào được giao, và mọi lỗi được liệt kê theo dòng, cột.
task-import-template = Tải mẫu phụ lục nhiệm vụ (.xlsx)
task-import-columns = Cột bắt buộc: Tên nhiệm vụ, Mã đơn vị chủ trì. Cột không bắt buộc: Mã nhiệm vụ, Nội dung, Điều khoản, Mã đơn vị phối hợp, Loại nhiệm vụ, Thời hạn hoặc Số ngày làm việc, Sản phẩm dự kiến, Kết quả chủ yếu, Lĩnh vực, Mức độ ưu tiên, Độ mật, Lãnh đạo phụ trách. Sheet “Hướng dẫn” trong mẫu giải thích cách ghi từng cột.
task-import-assigner = Đơn vị giao nhiệm vụ
task-import-document = Văn bản giao nhiệm vụ (không bắt buộc)
task-import-no-document = Không theo văn bản
task-import-ok = Đã giao { $count } nhiệm vụ từ tệp.
task-import-see = Xem danh sách nhiệm vụ đã giao
field-presiding = Mã đơn vị chủ trì
field-coordinating = Mã đơn vị phối hợp
field-leader = Lãnh đạo phụ trách
err-leader-unknown = “{ $value }” không phải thành viên Ban Chỉ đạo, Tổ giúp việc của đơn vị giao hay của cấp trên.
err-unit-code-number = { $field } đang lưu dạng số nên có thể đã mất số 0 ở đầu: hãy định dạng ô là Text (hoặc gõ dấu ' trước mã) rồi nhập lại mã.
err-task-code-in-file = Mã nhiệm vụ “{ $value }” bị trùng trong tệp (đã có ở dòng { $row }).
err-task-code-taken = Mã nhiệm vụ “{ $value }” đã được dùng cho một nhiệm vụ khác.
err-export-too-many-rows = Danh sách có { $count } nhiệm vụ, nhiều hơn { $limit } nhiệm vụ của một lần xuất: hãy lọc bớt (theo đơn vị, thời hạn, tình trạng...) rồi xuất lại.

## chỉ số (crates/domain/src/indicator)
indicator-value-type-number = Số
indicator-value-type-percent = Tỷ lệ phần trăm (%)
indicator-value-type-yes_no = Có/Không
indicator-value-type-ratio = Tỷ số (tử số/mẫu số)
indicator-direction-higher_is_better = Càng cao càng tốt
indicator-direction-lower_is_better = Càng thấp càng tốt
indicator-group-strategic = Chiến lược
indicator-group-operational = Tác nghiệp
indicator-aggregation-sum = Tổng
indicator-aggregation-average = Trung bình
indicator-aggregation-weighted_average = Trung bình có trọng số
indicator-aggregation-min = Nhỏ nhất
indicator-aggregation-max = Lớn nhất
indicator-aggregation-share_yes = Tỷ lệ đơn vị trả lời “Có”
indicator-aggregation-ratio_of_sums = Tỷ lệ tính lại từ tổng tử số và tổng mẫu số
indicator-source-entered = Đơn vị nhập
indicator-source-imported = Lấy từ hệ thống khác
indicator-source-formula = Tính theo công thức
indicator-severity-block = Chặn gửi báo cáo
indicator-severity-warn = Cảnh báo
submission-state-draft = Đang nhập
submission-state-submitted = Đã gửi, chờ duyệt
submission-state-approved = Đã duyệt
submission-state-returned = Bị trả lại để chỉnh sửa
submission-action-edit = Lưu
submission-action-submit = Gửi báo cáo
submission-action-withdraw = Rút lại
submission-action-approve = Duyệt
submission-action-return = Trả lại
submission-action-reopen = Mở lại để điều chỉnh
timeliness-on_time = Đúng hạn
timeliness-late = Trễ hạn
timeliness-not_yet_due = Chưa đến hạn
timeliness-missing = Chưa báo cáo
field-value_type = Kiểu giá trị
field-direction = Chiều đánh giá
field-indicator_group = Nhóm chỉ số
field-aggregation = Cách tổng hợp lên cấp trên
field-weight = Trọng số
field-indicator_source = Nguồn số liệu
field-unit_of_measure = Đơn vị tính
field-name_vi = Tên (tiếng Việt)
field-name_en = Tên (tiếng Anh)
field-levels = Cấp báo cáo
field-periodicity = Chu kỳ báo cáo
field-allow_negative = Cho phép giá trị âm
field-formula = Công thức
field-rule = Quy tắc kiểm tra
field-severity = Mức độ
field-comparison = Phép so sánh
field-submission = Báo cáo
field-indicators = Chỉ số
field-due_dates = Hạn báo cáo
field-locks_on = Khóa số liệu từ ngày
field-period = Kỳ báo cáo
field-target_value = Chỉ tiêu
field-baseline = Giá trị cơ sở
err-indicator-code-format = Mã chỉ số “{ $value }” phải bắt đầu bằng chữ cái không dấu và chỉ gồm chữ cái không dấu, chữ số, dấu gạch dưới (_), tối đa 32 ký tự.
err-indicator-value-type-unknown = Kiểu giá trị “{ $value }” không hợp lệ. Chỉ nhận: số, tỷ lệ phần trăm, có/không, tỷ số (tử số/mẫu số).
err-direction-unknown = Chiều đánh giá “{ $value }” không hợp lệ. Chỉ nhận: càng cao càng tốt, càng thấp càng tốt.
err-indicator-group-unknown = Nhóm chỉ số “{ $value }” không hợp lệ. Chỉ nhận: chiến lược, tác nghiệp.
err-aggregation-unknown = Cách tổng hợp “{ $value }” không hợp lệ. Chỉ nhận: tổng, trung bình, trung bình có trọng số, nhỏ nhất, lớn nhất, tỷ lệ có, tỷ lệ trên tổng.
err-indicator-source-unknown = Nguồn số liệu “{ $value }” không hợp lệ. Chỉ nhận: nhập tay, kết nối, công thức.
err-aggregation-value-type = Cách tổng hợp này không phù hợp với kiểu giá trị của chỉ số (tỷ lệ phần trăm thì lấy trung bình, không cộng; câu trả lời có/không thì tính tỷ lệ; tỷ số thì tính lại từ tổng tử số, mẫu số hoặc lấy trung bình).
err-weight-required = Trung bình có trọng số cần chọn trọng số: mẫu số hoặc một chỉ số khác.
err-weight-needs-ratio = Chỉ chỉ số dạng tỷ số mới lấy mẫu số làm trọng số được.
err-formula-value-type = Chỉ số tính theo công thức phải có kiểu giá trị là số hoặc tỷ lệ phần trăm.
err-indicator-code-changed = Không được đổi mã chỉ số (mã hiện tại: “{ $value }”): hãy tạo chỉ số mới.
err-indicator-number-format = { $field }: “{ $value }” không phải là số.
err-indicator-yes-no-format = { $field }: “{ $value }” không phải câu trả lời có/không (ghi “có” hoặc “không”).
err-indicator-ratio-format = { $field }: “{ $value }” không đúng dạng tử số/mẫu số (ví dụ: 12/40).
err-indicator-expects-number = { $field } phải là một số.
err-indicator-expects-percent = { $field } phải là tỷ lệ phần trăm từ 0 đến 100.
err-indicator-expects-yes-no = { $field } phải trả lời có hoặc không.
err-indicator-expects-ratio = { $field } phải nhập tử số và mẫu số.
err-percent-out-of-range = { $field } phải từ 0 đến 100% (đã nhập: { $value }).
err-indicator-negative = { $field } không được âm (đã nhập: { $value }).
err-ratio-negative = { $field }: tử số và mẫu số không được âm.
err-denominator-zero = { $field }: mẫu số phải lớn hơn 0.
err-numerator-above-denominator = { $field }: tử số ({ $value }) không được lớn hơn mẫu số ({ $max }).
err-period-periodicity-mismatch = Kỳ { $value } không đúng chu kỳ báo cáo.
err-target-out-of-range = { $field } “{ $value }” không phải giá trị hợp lệ của chỉ số này.
err-formula-empty = { $field } đang để trống.
err-formula-too-long = { $field } dài quá { $max } ký tự.
err-formula-too-deep = { $field } lồng quá { $max } cấp ngoặc hoặc hàm.
err-formula-unexpected-char = { $field }: không dùng được ký tự “{ $value }” (chỉ dùng mã chỉ số, số, + - * /, dấu ngoặc, min và max).
err-formula-unexpected-end = { $field } kết thúc giữa chừng: còn thiếu một giá trị hoặc dấu đóng ngoặc.
err-formula-unexpected-token = { $field }: “{ $value }” đặt sai vị trí.
err-formula-unclosed = { $field }: có dấu mở ngoặc chưa được đóng.
err-formula-unknown-function = { $field }: không có hàm “{ $value }” (chỉ có min, max).
err-formula-number-format = { $field }: “{ $value }” không phải là số (dùng dấu chấm cho phần thập phân, ví dụ 0.5).
err-formula-no-arguments = { $field }: hàm { $value }() cần ít nhất một giá trị.
err-formula-code-too-long = { $field }: “{ $value }” dài hơn độ dài cho phép của mã chỉ số.
err-formula-cycle = Các công thức tham chiếu vòng tròn lẫn nhau: { $detail }.
err-formula-unknown-indicator = Công thức dùng chỉ số không tồn tại: { $value }.
err-weight-unknown-indicator = Chỉ số dùng làm trọng số { $value } không tồn tại.
err-severity-unknown = Mức độ “{ $value }” không hợp lệ. Chỉ nhận: chặn, cảnh báo.
err-comparison-unknown = { $field }: không tìm thấy phép so sánh hợp lệ trong “{ $value }” (dùng <, <=, =, !=, >=, >).
err-rule-range-empty = Khoảng giá trị phải có mức tối thiểu, mức tối đa hoặc cả hai, và mức tối thiểu không được lớn hơn mức tối đa.
err-rule-threshold-positive = Ngưỡng thay đổi phải là tỷ lệ phần trăm lớn hơn 0.
err-indicator-unknown = Chỉ số { $value } không có trong danh mục hoặc biểu mẫu này.
err-indicator-computed = { $field } được tính theo công thức, không nhập trực tiếp.
err-indicator-missing = { $field } chưa có số liệu.
err-indicator-below-min = { $field } ({ $value }) thấp hơn mức tối thiểu { $min }.
err-indicator-above-max = { $field } ({ $value }) cao hơn mức tối đa { $max }.
err-indicator-jump-needs-comment = { $field } thay đổi quá { $limit }% so với kỳ trước ({ $value }): vui lòng ghi chú giải thích.
err-indicator-rule-failed = { $field }: chưa thỏa mãn điều kiện “{ $detail }”.
err-submission-state-unknown = Trạng thái báo cáo “{ $value }” không hợp lệ.
err-timeliness-unknown = “{ $value }” không phải tình trạng đúng hạn hợp lệ.
err-indicator-periodicity-mismatch = Chỉ số { $value } có chu kỳ báo cáo khác với bộ biểu mẫu.
err-round-due-before-start = Hạn báo cáo không được trước ngày bắt đầu kỳ ({ $date }).
err-round-due-order = Hạn báo cáo của cấp { $level } không được sau hạn của cấp { $parent_level } ở trên.
err-round-locks-before-due = Chỉ được khóa số liệu sau hạn báo cáo cuối cùng ({ $date }).
err-submission-wrong-state = Không thực hiện được thao tác này ở trạng thái hiện tại của báo cáo ({ $value }).
err-submission-not-own-unit = Chỉ đơn vị báo cáo mới được nhập, gửi hoặc rút lại số liệu của mình.
err-submission-not-parent = Chỉ đơn vị cấp trên mới được duyệt, trả lại hoặc mở lại số liệu này.
err-round-locked = Đợt báo cáo đã khóa: chỉ sửa được số liệu khi cấp trên trả lại.
err-period-not-started = Kỳ báo cáo chưa bắt đầu (bắt đầu từ ngày { $date }).
err-children-not-approved = Cần duyệt xong báo cáo của tất cả đơn vị cấp dưới trước.
err-reason-required = Vui lòng nêu lý do.
err-approved-above = Báo cáo của cấp trên đã được duyệt dựa trên số liệu này: cần mở lại báo cáo của cấp trên trước.

## trang chỉ tiêu (crates/web/src/views/indicators.rs, indicator_rounds.rs)
nav-indicators = Chỉ tiêu
indicators-title = Danh mục chỉ tiêu
indicators-search = Tìm theo mã hoặc tên
indicators-search-hint = Có dấu hoặc không dấu, ví dụ: ho so truc tuyen
indicators-filter = Xem
indicators-count = { $count } chỉ tiêu
indicators-none = Không có chỉ tiêu nào phù hợp.
indicator-code = Mã chỉ tiêu
indicator-name = Tên chỉ tiêu
indicator-version = Phiên bản
indicator-series = Diễn biến theo kỳ so với chỉ tiêu
indicator-chart-label = Biểu đồ giá trị theo kỳ và đường chỉ tiêu
indicator-chart-legend = Đường liền: giá trị; đường đứt nét: chỉ tiêu.
indicator-value = Giá trị
indicator-achievement = Tỷ lệ đạt
indicator-compare = So sánh các đơn vị trực thuộc
indicator-compare-none = Không có đơn vị trực thuộc.
indicator-export-xlsx = Xuất Excel
indicator-yes = Có
indicator-no = Không
indicator-rounds-title = Đợt thu thập số liệu
indicator-rounds-none = Chưa có đợt thu thập nào.
indicator-data-set = Bộ biểu mẫu
indicator-round-open = Đang mở
indicator-round-closed = Đã đóng
indicator-expected = Đơn vị phải báo cáo
indicator-submitted = Đã gửi
indicator-round-exchange = Nhập số liệu từ tệp
indicator-round-template = Tải mẫu nhập số liệu (Excel)
indicator-import-ok = Đã ghi { $count } giá trị.
indicator-round-units = Tình hình báo cáo của các đơn vị
indicator-round-no-units = Không có đơn vị nào phải báo cáo.
indicator-submitted-on = Ngày gửi
indicator-due = Hạn báo cáo
indicator-timeliness = Đúng hạn
indicator-decision = Xử lý
indicator-previous = Kỳ trước
indicator-comment = Ghi chú
indicator-computed = Tính tự động
indicator-numerator = tử số
indicator-denominator = mẫu số
indicator-own-form = Biểu nhập số liệu của đơn vị đang xem
indicator-form-readonly = Biểu này hiện không sửa được: báo cáo đã gửi hoặc đã duyệt, đợt đã khóa, hoặc bạn không có quyền nhập cho đơn vị này.
indicator-save-draft = Lưu nháp
indicator-warnings = Cảnh báo cần xem lại
indicator-submitted-with-warnings = Đã gửi báo cáo. Vui lòng xem các cảnh báo dưới đây và bổ sung ghi chú nếu cần.
submission-state-none = Chưa nhập
periodicity-month = Hằng tháng
periodicity-quarter = Hằng quý
periodicity-half_year = 6 tháng
periodicity-year = Hằng năm
field-unit_code = Mã đơn vị
field-indicator_code = Mã chỉ tiêu
field-value = Giá trị
field-comment = Ghi chú
field-batch_key = Mã lô dữ liệu
field-action = Thao tác
err-unit-not-permitted = Bạn không được nhập số liệu cho đơn vị “{ $value }”.
err-round-missing = Chưa mở đợt thu thập nào cho kỳ { $value } có chỉ tiêu này.
err-import-batch-conflict = Mã lô dữ liệu này đã được dùng cho một lô có nội dung khác: hãy dùng mã lô mới.
indicator-new-title = Thêm chỉ tiêu
indicator-edit-title = Sửa chỉ tiêu
indicator-edit-intro = Thay đổi làm đổi ý nghĩa số liệu (kiểu giá trị, đơn vị tính, chiều đánh giá, chu kỳ, cách tổng hợp, nguồn) tạo phiên bản mới; số liệu cũ giữ phiên bản đã nhập.
indicator-code-hint = Chữ cái không dấu, chữ số, dấu gạch dưới; ví dụ: TY_LE_HS_TRUC_TUYEN. Không đổi được sau khi tạo.
indicator-weight-hint = Chỉ dùng cho trung bình có trọng số: ghi “mẫu số” hoặc mã của chỉ tiêu làm trọng số.
indicator-system = Hệ thống nguồn
indicator-system-hint = Khi nguồn là “Lấy từ hệ thống khác”: tên hệ thống, ví dụ Cổng Dịch vụ công quốc gia.
indicator-formula-hint = Khi nguồn là “Tính theo công thức”: dùng mã các chỉ tiêu khác, ví dụ ONLINE / TOTAL * 100.
indicator-save = Lưu
indicator-set-target = Đặt chỉ tiêu kế hoạch
indicator-target-unit-code = Hoặc mã một đơn vị
indicator-target-unit-hint = Để trống để đặt cho mọi đơn vị của cấp đã chọn.
indicator-round-close = Đóng đợt
indicator-round-reopen = Mở lại đợt
indicator-open-round = Mở đợt thu thập
indicator-data-sets-none = Chưa có bộ biểu mẫu nào.
indicator-new-data-set = Tạo bộ biểu mẫu
indicator-data-set-hint = Chọn các chỉ tiêu có cùng chu kỳ báo cáo với bộ biểu mẫu.
