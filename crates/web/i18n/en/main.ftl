### nqtrack — English catalogue. Vietnamese (vi/main.ftl) is the reference and the fallback;
### this file must have exactly the same message ids (a unit test in src/i18n.rs checks).
###
### Conventions:
### - Fluent message ids cannot contain '.', so the audit action "unit.create" is looked up
###   as "action-unit_create" ('.' replaced by '_').
### - Field errors: "err-" + error code; they always receive { $field } (the translated
###   field label) plus the error's own arguments.
### - Field labels: "field-" + field name.

## Application

app-name = nqtrack
app-title = nqtrack
app-tagline = Monitoring and evaluating the implementation of Resolution 57-NQ/TW
skip-to-content = Skip to main content
lang-switch = Language
lang-vi = Tiếng Việt
lang-en = English
breadcrumb-home = Home

## Navigation

nav-main = Main navigation
nav-home = Home
nav-units = Units
nav-users = Users
nav-audit = Audit log
nav-import = Import
nav-account = Account
nav-login = Sign in
nav-logout = Sign out

## Sign in

login-title = Sign in
login-intro = Use the account issued by your system administrator.
login-username = Username
login-password = Password
login-submit = Sign in
login-failed = Incorrect username or password.

## Common

save = Save
cancel = Cancel
search = Search
back = Back
yes = Yes
no = No
actions = Actions
none = None
edit = Edit
create = Create
delete = Delete
close = Close
details = Details
confirm = Are you sure you want to do this?
loading = Loading…
required-mark = (required)
optional-mark = (optional)
page-prev = Previous page
page-next = Next page
page-of = Page { $page } of { $pages }
flash-saved = Changes saved.
errors-title = Please check the following:

## Whole-request errors

problem-title = Something went wrong
problem-back-home = Back to the home page
problem-invalid = The submitted data is not valid.
problem-forbidden = You are not allowed to do this.
problem-not-found = The page or data you asked for was not found.
problem-unauthenticated = Your session has expired or you are not signed in.
problem-csrf = This form has expired. Please reload the page and try again.
problem-rate-limited = Too many attempts. Please try again in { $seconds } seconds.
problem-conflict = This data already exists or has just been changed by someone else. Please reload the page and try again.
problem-internal = The system ran into a problem. Please try again later or contact your system administrator.
problem-too-large = The submitted data is larger than allowed.

## Field labels

field-code = Unit code
field-name = Name
field-kind = Unit kind
field-level = Level
field-parent = Parent unit
field-parent_code = Parent unit code
field-username = Username
field-display_name = Full name
field-email = Email
field-password = Password
field-new_password = New password
field-current_password = Current password
field-role = Role
field-unit = Unit
field-effective_on = Effective date
field-reason = Reason or legal basis
field-sources = Merged unit
field-target = Receiving unit
field-source = Unit being split
field-successors = New units after the split
field-body = Steering committee or working group
field-person_name = Full name
field-position = Position
field-portfolio = Area of responsibility
field-standing_office = Standing office
field-decision = Decision
field-file = Data file
field-group = Group
field-query = Search terms

## Field errors (err- + error code)

err-required = { $field } is required.
err-too-long = { $field } must be at most { $max } characters long.
err-unit-code-format = { $field } may only contain unaccented letters, digits, dots (.), hyphens (-) and underscores (_), without spaces.
err-control-characters = { $field } contains invalid control characters.
err-unit-kind-unknown = { $field } “{ $value }” is not valid.
err-level-unknown = { $field } “{ $value }” is not valid. Accepted: Central, Province, Commune.
err-level-above-parent = A unit's level ({ $level }) cannot be above its parent unit's level ({ $parent_level }).
err-unit-cycle = { $field } is not valid: a unit cannot be moved into itself or into one of its own sub-units.
err-username-length = { $field } must be { $min } to { $max } characters long.
err-username-format = { $field } may only contain lowercase unaccented letters (a–z), digits, dots (.), underscores (_) and hyphens (-).
err-email-format = { $field } is not a valid address (for example: name@agency.gov.vn).
err-password-too-short = { $field } must be at least { $min } characters long.
err-role-unknown = { $field } “{ $value }” is not valid.
err-member-role-unknown = { $field } “{ $value }” is not valid. Accepted: Head, Deputy head, Member.
err-body-unknown = { $field } “{ $value }” is not valid. Accepted: Steering committee, Working group.
err-date-format = { $field } must be a date written as day/month/year (for example: 01/07/2025).
err-date-in-future = { $field } cannot be later than today.
err-unit-dissolved = { $field } has ceased to operate.
err-merge-into-itself = A unit cannot be merged into itself.
err-duplicate = { $field } was selected more than once.
err-merge-level-mismatch = { $field } must be at the same level as the receiving unit (it is { $level }, the receiving unit is { $target_level }).
err-split-needs-two = A split must create at least { $min } new units; to change only the name, use Rename.
err-name-unchanged = The new name is the same as the current name.
err-duplicate-code = Unit code “{ $value }” already exists.
err-duplicate-in-file = Unit code “{ $value }” appears more than once in the file (already on row { $row }).
err-unknown-parent = No parent unit with code “{ $value }” was found.
err-missing-column = The file is missing a required column: { $field }.
err-not-found = { $field } does not exist or has been deleted.
err-username-taken = This username is already in use.
err-wrong-password = The current password is incorrect.
err-password-mismatch = The passwords do not match.
err-file-too-large = The file is larger than allowed (at most { $limit }).
err-file-type = Only CSV or Excel (.xlsx) files are accepted.
err-file-malformed = The file could not be read: { $detail }
err-too-many-rows = The file has too many rows (at most { $limit } data rows).
err-file-empty = The file contains no data.
err-parent-required = This unit must have a parent unit.

## Unit kinds

kind-central = Central
kind-ministry = Ministry or sector
kind-province = Province
kind-city = City
kind-department = Department or agency
kind-commune = Commune
kind-ward = Ward
kind-special_zone = Special zone
kind-agency = Agency

## Levels

level-central = Central
level-province = Province
level-commune = Commune

## User roles

role-administrator = System administrator
role-coordinator = Standing office / Coordinator
role-reporter = Reporting officer
role-leader = Leader
role-inspector = Inspection and supervision

## Steering committee and working group

member-head = Head
member-deputy = Deputy head
member-member = Member
body-committee = Steering committee
body-working_group = Working group

## Unit list

units-title = Units
units-search-label = Find a unit
units-search-placeholder = Find a unit (accents optional)…
units-count =
    { $count ->
        [0] No units
        [one] { $count } unit
       *[other] { $count } units
    }
units-show-dissolved = Also show units that have ceased to operate
units-no-results = No matching units.
units-create = Add a unit

## Unit page

unit-sub-units = Sub-units
unit-committee = Steering committee
unit-working-group = Working group
unit-standing-office = Standing office
unit-members = Members
unit-users = Users
unit-groups = Groups
unit-history = History
unit-lineage = Reorganisation history
unit-dissolved = Ceased to operate
unit-dissolved-on = Ceased to operate on { $date }
unit-successors = Successor units
unit-predecessors = Units before the reorganisation
unit-former-names = Former names
unit-edit = Edit details
unit-add-sub-unit = Add a sub-unit
unit-merge = Merge
unit-split = Split
unit-rename = Rename
unit-move = Change parent unit
unit-merge-help = The merged units cease to operate on the effective date; their sub-units move to the receiving unit.
unit-split-help = The unit being split ceases to operate on the effective date; at least two new units are needed.
unit-rename-help = The unit keeps its code; the former name is kept in its history.
unit-move-help = Choose the new parent unit; sub-units move along.
unit-no-committee = No steering committee information yet.
committee-add-member = Add a member
committee-remove-member = Remove from the list
group-create = Create a group

## User administration

users-title = User administration
user-create = Create a user
user-disable = Disable account
user-enable = Enable account
user-reset-password = Reset password
user-reset-done = Temporary password: { $password } — Give it to the user over a secure channel; it is shown only once.
user-grant-role = Grant role
user-revoke-role = Revoke role
user-roles = Roles
user-status = Status
user-status-active = Active
user-status-disabled = Disabled
user-last-login = Last sign-in

## Account

account-title = My account
account-sessions = My sessions
account-session-current = This session
account-session-started = Started
account-session-last-seen = Last active
account-session-client = Device and browser
account-session-revoke = Sign out this session
account-session-revoke-others = Sign out all other sessions
account-tokens = API tokens
account-token-name = Token name
account-token-create = Create token
token-created = New token: { $token } — Copy it now, it will not be shown again.
account-token-revoke = Revoke
account-password-change = Change password
account-password-changed = Password changed.
account-password-repeat = Repeat the new password

## Audit log

audit-title = Audit log
audit-time = Time
audit-actor = Actor
audit-action = Action
audit-object = Object
audit-changes = Changes
audit-before = Before
audit-after = After
audit-system = System
audit-empty = No entries yet.

## Import

import-title = Import units
import-upload = Choose a CSV or Excel (.xlsx) file
import-submit = Check and import
import-help = The first row of the file holds the column headers. CSV files must be UTF-8 encoded. If there is any error the whole file is rejected and no row is written.
import-columns = File columns:
import-col-code = code (mã): the unit code, e.g. 01 (Hà Nội).
import-col-name = name (tên): the unit's full name.
import-col-kind = kind (loại): central, ministry, province, city, department, commune, ward, special_zone, agency.
import-col-level = level (cấp): central, province, commune.
import-col-parent_code = parent_code (mã cấp trên): the parent unit's code, either already in the system or in the same file.
import-aliases = Column headers may also be written in Vietnamese: mã, tên, loại, cấp, mã cấp trên.
import-ok =
    { $count ->
        [0] The file contains no units to import.
        [one] Imported { $count } unit.
       *[other] Imported { $count } units.
    }
import-rejected =
    { $count ->
        [one] The file has { $count } error. No row was written; please correct the file and upload it again.
       *[other] The file has { $count } errors. No row was written; please correct the file and upload it again.
    }
import-row = Row
import-column = Column
import-reason = Reason

## Audit action names ('.' in the action name replaced by '_')

action-unit_create = Unit created
action-unit_update = Unit updated
action-unit_move = Unit moved to another parent
action-unit_merge = Units merged
action-unit_split = Unit split
action-unit_rename = Unit renamed
action-unit_import = Units imported
action-committee_update = Steering committee updated
action-committee_member_add = Committee or working group member added
action-committee_member_remove = Committee or working group member removed
action-group_create = Group created
action-group_member_add = Group member added
action-group_member_remove = Group member removed
action-user_create = User created
action-user_update = User updated
action-user_disable = Account disabled
action-user_enable = Account enabled
action-user_password_reset = Password reset
action-user_password_change = Password changed
action-user_grant = Role granted
action-user_revoke = Role revoked
action-session_login = Signed in
action-session_logout = Signed out
action-session_revoke = Session revoked
action-token_create = API token created
action-token_revoke = API token revoked

## Added with the units, users and API modules
err-forbidden-parent = You may not add units under this parent unit.
err-outside-owner = The unit is outside the subtree of the group's owner.
err-json-invalid = The request body is not valid JSON.
err-duplicate-column = Column “{ $field }” appears more than once.
err-code-taken = This code is already used by another active unit.
field-repeat_password = Repeat the new password
field-unit_id = Unit
field-parent_id = Parent unit
field-owner_id = Owning unit
field-body-json = Body
action-unit_dissolve = Unit dissolved
err-query-invalid = The query parameters are not valid.
account-must-change = Your password is a one-time password: change it before you go on.
object-unit = Unit
object-user = Account
object-group = Unit group

## holidays
holidays-title = Public holidays
holidays-intro = Deadlines given in working days skip Saturdays, Sundays and the days off below, and count the Saturdays and Sundays worked in exchange. The list comes filled with the announced days off; system administrators update it when new ones are announced.
holidays-working-days = Working days in the year: { $count }
holidays-empty = No days off are recorded for this year.
holidays-weekday = Weekday
holidays-kind = Kind of day
holidays-day-off = Day off
holidays-worked = Worked weekend day
holidays-add = Add or change a day
holidays-add-hint = Enter a day already in the list to change its name or kind. Only a Saturday or a Sunday can be a worked day.
holidays-seed = Fill in the decreed days off
holidays-seed-hint = Adds the announced public holidays for the years the system knows (2025–2027). A year that already has days in the list is left as it is.
holidays-weekday-1 = Monday
holidays-weekday-2 = Tuesday
holidays-weekday-3 = Wednesday
holidays-weekday-4 = Thursday
holidays-weekday-5 = Friday
holidays-weekday-6 = Saturday
holidays-weekday-7 = Sunday
field-day = Day
field-year = Year
field-working = Worked weekend day (a Saturday or Sunday worked in exchange)
err-working-day-not-weekend = { $date } is not a Saturday or a Sunday: only a weekend day can be worked in exchange.
err-year-range = { $field } must be between { $min } and { $max }.
action-holiday_create = Add a day off
action-holiday_update = Change a day off
action-holiday_delete = Remove a day off
action-holiday_seed = Fill in the decreed days off
object-holiday = Public holiday

## notifications
nav-notifications = Notifications
notifications-title = Notifications
notifications-unread = Unread: { $count }
notifications-empty = No notifications yet.
notifications-time = Time
notifications-notice = Notice
notifications-new = New
notifications-read = Read
notifications-mark-read = Mark as read
notifications-read-all = Mark all as read

## tasks
nav-tasks = Tasks
nav-documents = Documents
object-task = Task
object-document = Document
action-task_assign = Assign a task
action-task_update = Update a task
action-task_adjust_deadline = Adjust a task's deadline
action-task_cancel = Cancel a task
action-task_cascade = Cascade a task to lower units
action-task_progress = Report progress
action-task_contribution = Report a contribution
action-task_complete = Report completion
action-task_confirm = Confirm completion
action-task_return = Return a completion report
action-task_extension_request = Request an extension
action-task_extension_approve = Approve an extension
action-task_extension_refuse = Refuse an extension
action-document_create = Enter a document
action-document_update = Update a document
task-status-completed_on_time = Completed on time
task-status-completed_late = Completed late
task-status-in_progress = In progress within deadline
task-status-overdue = Overdue
task-status-reported = Reported this period
task-status-not_reported = Not reported this period
task-colour-green = Green
task-colour-yellow = Yellow
task-colour-red = Red
task-kind-deadline = Deadline
task-kind-monthly = Monthly
task-kind-quarterly = Quarterly
task-kind-yearly = Yearly
task-kind-regular = Regular (ongoing)
task-field-institutions = Institutions and policy
task-field-infrastructure = Digital infrastructure
task-field-data = Data
task-field-human_resources = Human resources
task-field-science_technology = Science and technology
task-field-innovation = Innovation
task-field-digital_government = Digital government
task-field-digital_economy = Digital economy
task-field-digital_society = Digital society
task-field-security = Information security
task-field-other = Other
task-priority-normal = Normal
task-priority-high = High
task-priority-urgent = Urgent
task-confidentiality-public = Public
task-confidentiality-internal = Internal
task-confidentiality-secret = Secret
task-source-document = Document
task-source-meeting = Meeting conclusions
task-source-own = The unit's own
doc-type-resolution = Resolution
doc-type-plan = Plan
doc-type-conclusion_notice = Conclusion notice
doc-type-directive = Directive
doc-type-programme = Programme
doc-type-decision = Decision
doc-type-official_letter = Official letter
doc-type-other = Other document
field-title = Title
field-content = Content
field-document_id = Source document
field-clause = Clause in the document
field-assigner_id = Assigning unit
field-presiding_id = Presiding unit
field-coordinator_ids = Coordinating units
field-leader_id = Leader in charge
field-assigned_on = Assigned on
field-deadline = Deadline
field-working_days = Working days
field-product = Expected product
field-key_results = Key results
field-field = Field
field-priority = Priority
field-confidentiality = Confidentiality
field-allow_later_children = Allow tasks cascaded from this one to fall due after it
field-allow_later = Allow a deadline after the parent task's
field-percent = Progress (%)
field-done = What was done
field-difficulties = Difficulties and obstacles
field-proposals = Proposals
field-backwards_reason = Reason for lowering the progress
field-files = Evidence files
field-links = Evidence links (one per line)
field-document_numbers = Numbers of documents as evidence
field-note = Note
field-requested_deadline = Requested deadline
field-targets = Receiving units
field-unit_ids = Receiving units
field-within_id = Presided within
field-relation = Relation to the tasks
field-status = Status
field-colour = Colour
field-deadline_from = Deadline from
field-deadline_to = Deadline to
field-sort = Sort by
field-as_of = Figures as of
field-version = Data version
field-task = Task
field-extension = Extension request
field-approve = Decision
field-q = Search terms
field-doc_type = Document type
field-number = Number
field-issued_on = Issued on
field-issuer_id = Issuing unit
field-signer = Signed by
field-summary = Summary
err-deadline-before-assignment = The deadline cannot be before the day the task is assigned.
err-deadline-after-parent = The deadline cannot be after the parent task's deadline (unless the assigning unit allows it).
err-unit-outside-assigner = { $field }: the unit chosen is outside the assigning unit's subtree.
err-percent-range = Progress must be a number from 0 to 100 (entered: { $value }).
err-progress-backwards = The new progress is lower than the last one reported: please give the reason.
err-extension-after-deadline = The deadline has passed: an extension must be requested before it.
err-extension-not-later = The requested deadline must be later than the deadline in force.
err-extension-pending = An extension request is already waiting for the assigning unit's decision.
err-already-decided = This request has already been decided.
err-task-cancelled = The task was cancelled: no more reports or decisions are accepted.
err-already-completed = The task has already been reported completed.
err-no-completion-awaiting = No completion report is waiting for confirmation.
err-completion-needs-deadline-task = Only deadline tasks are reported completed; regular tasks report each period, recurring tasks report each occurrence.
err-regular-has-no-deadline = A regular task has no deadline.
err-edit-conflict = Someone else saved a change first; please reload the page to see the latest version and try again.
err-coordinator-is-presiding = The presiding unit cannot also be a coordinating unit.
err-leader-not-member = The leader in charge must be a steering committee member of the assigning unit or a unit above it.
err-document-number-taken = A document with this number already exists.
err-file-type-forbidden = This type of file is not accepted. Accepted: PDF, images (PNG, JPEG, GIF, WebP), Word, Excel, PowerPoint and OpenDocument files, and .txt or .csv text.
err-link-format = The link “{ $value }” is not valid: it must start with https:// or http:// and contain no spaces.
err-task-code-format = The task code “{ $value }” may contain only unaccented letters, digits and . - _ /, at most 64 characters.
err-working-days-positive = The number of working days must be a whole number above 0.
err-cascade-series = A recurring task cannot be cascaded; cascade the task of each period instead.
err-no-units = No unit would receive the task: choose at least one lower unit.
err-not-involved = The unit chosen neither presides over nor coordinates on this task.
err-report-on-occurrence = A recurring task is reported period by period: open the task of the period to report on.
err-relation-unknown = { $field } is not valid.
err-sort-unknown = The sort order is not valid.
err-period-format = The period “{ $value }” is not valid (e.g. 2025, 2025-Q3, 2025-H1, 2025-09).
err-status-unknown = The status “{ $value }” is not valid.
err-colour-unknown = The colour “{ $value }” is not valid. Accepted: green, yellow, red.
err-task-kind-unknown = The task kind “{ $value }” is not valid. Accepted: deadline, monthly, quarterly, yearly, regular.
err-task-field-unknown = The field “{ $value }” is not valid.
err-priority-unknown = The priority “{ $value }” is not valid. Accepted: normal, high, urgent.
err-confidentiality-unknown = The confidentiality “{ $value }” is not valid. Accepted: public, internal, secret.
err-document-type-unknown = The document type “{ $value }” is not valid.
err-task-source-unknown = The task source “{ $value }” is not valid. Accepted: document, meeting, own.
err-periodicity-unknown = The periodicity “{ $value }” is not valid.
err-progress-kind-unknown = { $field } “{ $value }” is not valid.
err-completion-state-unknown = { $field } “{ $value }” is not valid.
err-extension-state-unknown = { $field } “{ $value }” is not valid.
err-attachment-kind-unknown = { $field } “{ $value }” is not valid.
err-unit-code-unknown = No unit with code “{ $value }” was found in your scope.
tasks-title = Tasks
tasks-assign = Assign a task
tasks-export-xlsx = Export to Excel
tasks-export-csv = Export to CSV
tasks-import = Import from Excel
tasks-as-of-banner = Figures as of { $date }
tasks-relation = Which tasks
tasks-relation-subtree = Presided within the subtree
tasks-relation-leading = Presided by this unit
tasks-relation-assigned = Assigned by this unit
tasks-relation-supporting = Coordinating
tasks-total = Total
tasks-due-soon = Due soon
tasks-at-risk = At risk
tasks-filters = Filter and search
tasks-search = Search
tasks-search-hint = Diacritics optional, e.g. chuyen doi so
tasks-all = All
tasks-whole-subtree = The whole subtree
tasks-sort-deadline = Nearest deadline
tasks-sort-code = Task code
tasks-sort-recent = Most recently assigned
tasks-sort-progress = Least progress
tasks-filter = Filter
tasks-clear-filters = Clear filters
tasks-empty = No tasks match.
tasks-count = { $count ->
    [one] 1 task
   *[other] { $count } tasks
}
tasks-deadline-in-force = Deadline in force
tasks-paging = Pages
tasks-page = Page { $page }
task-label-code = Task code
task-label-kind = Task kind
task-label-field = Field
task-label-source = Source
task-new-title = Assign a task
task-new-intro = Fill in the task. The deadline is a date (dd/mm/yyyy) or a number of working days after assignment.
task-new-units = Units and leader
task-unit-code = Or type a unit code
task-unit-code-hint = Choose from the list, or type the code of a unit further down.
task-unit-codes = Unit codes (separated by commas)
task-code-auto = Leave empty to number it automatically
task-source-auto = Decide automatically
task-today = Empty: today
task-working-days-hint = Used when no deadline is typed: deadline = assignment day + working days (holidays excluded).
task-assign-submit = Assign the task
task-awaiting-confirmation = Awaiting confirmation
task-not-counted = Not counted on this date
task-cancelled-on = Cancelled on { $date }
task-show-as-of = Show
task-original-deadline = original deadline: { $date }
task-children = Tasks cascaded to lower units
task-not-started = Units that have not started ({ $count })
task-not-started-more = Only the first 100 units are listed.
task-form-progress = Report progress
task-form-completion = Report completion
task-form-extension = Request an extension
task-form-decide-completion = Confirm the completion
task-form-decide-extension = Decide on the extension to { $date }
task-form-cascade = Cascade to lower units
task-form-edit = Edit the task
task-form-deadline = Adjust the deadline
task-form-cancel = Cancel the task
task-presiding = presiding
task-coordinating = coordinating
task-contribution-hint = A coordinating unit reports its contribution; only the presiding unit reports the progress percentage.
task-send-report = Send the report
task-send-completion = Report completion
task-send-extension = Send the request
task-decision = Decision
task-confirm-completion = Confirm the completion
task-return-completion = Return it (give the reason)
task-approve-extension = Approve the extension
task-refuse-extension = Refuse (give the reason)
task-cascade-intro = Give this task to lower units; each receives its own task linked to this one. Units that already have one are skipped.
task-cascade-to = Give it to
task-cascade-communes = Every commune, ward and special zone below
task-cascade-departments = Every department below
task-cascade-chosen = The units chosen
task-cascade-submit = Cascade the task
task-cascade-created = The task was given to { $count ->
    [one] 1 unit
   *[other] { $count } units
}.
task-cascade-skipped = Skipped units that already had it: { $value }.
task-cancel-intro = A cancelled task leaves the figures from today on but stays on record.
task-cancel-submit = Cancel the task
task-evidence = Evidence
task-evidence-files-hint = PDF, images, Word, Excel, PowerPoint, OpenDocument, .txt, .csv; at most { $limit } per file.
task-evidence-choose-again = Browsers do not keep chosen files: please choose the files again.
task-evidence-link = link
task-evidence-number = document
task-timeline = Timeline
task-after-as-of = after the date shown
task-event-assigned = Task assigned
task-event-deadline = Deadline adjusted to { $date }
task-event-progress = Progress report: { $count }%
task-event-progress-note = Progress report
task-event-contribution = Contribution report
task-event-extension-request = Extension requested to { $date }
task-event-extension-approved = Extension to { $date } approved
task-event-extension-refused = Extension to { $date } refused
task-event-completion = Completion reported
task-event-completion-confirmed = Completion confirmed
task-event-completion-returned = Completion report returned
task-event-cancelled = Task cancelled
task-history = Change history
task-history-all = The whole history
documents-title = Documents
documents-new = Enter a document
documents-edit = Edit the document
documents-search-hint = Diacritics optional: number, title, signer
documents-empty = No documents match.
documents-count = { $count ->
    [one] 1 document
   *[other] { $count } documents
}
documents-tasks = Tasks
documents-attachments = Attachments
documents-tasks-born = Tasks from this document
documents-assign-from = Assign a task from this document

## api requests
err-if-match-invalid = The If-Match header is not valid: it must carry the task's version number.
err-multipart-invalid = The uploaded form (multipart) could not be read.
err-number-format = A whole number is required.

## task import
task-import-title = Import tasks from an annex
task-import-help = Each row of the file is a task assigned by the unit chosen below, checked as if typed in the assignment form. Presiding and coordinating units are given by their unit codes; the leader in charge by the full name of a member of the steering committee or working group. If anything is wrong, the whole file is refused, no task is assigned, and every problem is listed by row and column.
task-import-template = Download the task annex template (.xlsx)
task-import-columns = Required columns: Task title (Tên nhiệm vụ), Presiding unit code (Mã đơn vị chủ trì). Optional: task code, content, clause, coordinating unit codes, kind, deadline or working days, expected product, key results, field, priority, confidentiality, leader in charge. The template's “Hướng dẫn” sheet explains every column.
task-import-assigner = Assigning unit
task-import-document = Document the tasks come from (optional)
task-import-no-document = No document
task-import-ok =
    { $count ->
        [one] Assigned 1 task from the file.
       *[other] Assigned { $count } tasks from the file.
    }
task-import-see = See the assigned tasks
field-presiding = Presiding unit code
field-coordinating = Coordinating unit codes
field-leader = Leader in charge
err-leader-unknown = “{ $value }” is not a member of the steering committee or working group of the assigning unit or of a unit above it.
err-unit-code-number = { $field } is stored as a number, so its leading zeros may be lost: format the cell as Text (or type ' before the code) and enter the code again.
err-task-code-in-file = Task code “{ $value }” appears twice in the file (first on row { $row }).
err-task-code-taken = Task code “{ $value }” is already used by another task.
err-export-too-many-rows = The list has { $count } tasks, more than the { $limit } one export holds: filter it (by unit, deadline, status...) and export again.

## indicators (crates/domain/src/indicator)
indicator-value-type-number = Number
indicator-value-type-percent = Percentage (%)
indicator-value-type-yes_no = Yes/No
indicator-value-type-ratio = Ratio (numerator/denominator)
indicator-direction-higher_is_better = Higher is better
indicator-direction-lower_is_better = Lower is better
indicator-group-strategic = Strategic
indicator-group-operational = Operational
indicator-aggregation-sum = Sum
indicator-aggregation-average = Average
indicator-aggregation-weighted_average = Weighted average
indicator-aggregation-min = Minimum
indicator-aggregation-max = Maximum
indicator-aggregation-share_yes = Share of units answering yes
indicator-aggregation-ratio_of_sums = Ratio of summed numerators to summed denominators
indicator-source-entered = Entered by the unit
indicator-source-imported = Imported from another system
indicator-source-formula = Computed by a formula
indicator-severity-block = Blocks submission
indicator-severity-warn = Warning
submission-state-draft = Being entered
submission-state-submitted = Submitted, awaiting approval
submission-state-approved = Approved
submission-state-returned = Returned for correction
submission-action-edit = Save
submission-action-submit = Submit
submission-action-withdraw = Withdraw
submission-action-approve = Approve
submission-action-return = Return
submission-action-reopen = Re-open for correction
timeliness-on_time = On time
timeliness-late = Late
timeliness-not_yet_due = Not yet due
timeliness-missing = Not reported
field-value_type = Value type
field-direction = Direction
field-indicator_group = Indicator group
field-aggregation = Aggregation up the tree
field-weight = Weight
field-indicator_source = Source of values
field-unit_of_measure = Unit of measure
field-name_vi = Name (Vietnamese)
field-name_en = Name (English)
field-levels = Reporting levels
field-periodicity = Reporting frequency
field-allow_negative = Negative values allowed
field-formula = Formula
field-rule = Validation rule
field-severity = Severity
field-comparison = Comparison
field-submission = Submission
field-indicators = Indicators
field-due_dates = Due dates
field-locks_on = Entry locked from
field-period = Reporting period
field-target_value = Target
field-baseline = Baseline
err-indicator-code-format = The indicator code “{ $value }” must start with an unaccented letter and contain only unaccented letters, digits and underscores (_), at most 32 characters.
err-indicator-value-type-unknown = The value type “{ $value }” is not valid. Accepted: number, percentage, yes/no, ratio (numerator/denominator).
err-direction-unknown = The direction “{ $value }” is not valid. Accepted: higher is better, lower is better.
err-indicator-group-unknown = The indicator group “{ $value }” is not valid. Accepted: strategic, operational.
err-aggregation-unknown = The aggregation rule “{ $value }” is not valid. Accepted: sum, average, weighted average, min, max, share of yes, ratio of sums.
err-indicator-source-unknown = The source of values “{ $value }” is not valid. Accepted: entered, imported, formula.
err-aggregation-value-type = This aggregation rule does not suit the indicator's value type (percentages are averaged, not added; yes/no answers are counted as a share; ratios are recomputed from their sums or averaged).
err-weight-required = A weighted average needs a weight: the denominator or another indicator.
err-weight-needs-ratio = Only a ratio indicator can be weighted by its denominator.
err-formula-value-type = A computed indicator must have the value type number or percentage.
err-indicator-code-changed = An indicator's code cannot be changed (it is “{ $value }”): create a new indicator instead.
err-indicator-number-format = { $field }: “{ $value }” is not a number.
err-indicator-yes-no-format = { $field }: “{ $value }” is not a yes/no answer (write yes or no).
err-indicator-ratio-format = { $field }: “{ $value }” is not a ratio (write numerator/denominator, for example 12/40).
err-indicator-expects-number = { $field } must be a number.
err-indicator-expects-percent = { $field } must be a percentage from 0 to 100.
err-indicator-expects-yes-no = { $field } must be answered yes or no.
err-indicator-expects-ratio = { $field } must be given as a numerator and a denominator.
err-percent-out-of-range = { $field } must be from 0 to 100 % (entered: { $value }).
err-indicator-negative = { $field } cannot be negative (entered: { $value }).
err-ratio-negative = { $field }: the numerator and the denominator cannot be negative.
err-denominator-zero = { $field }: the denominator must be greater than 0.
err-numerator-above-denominator = { $field }: the numerator ({ $value }) cannot be greater than the denominator ({ $max }).
err-period-periodicity-mismatch = The period { $value } does not match the reporting frequency.
err-target-out-of-range = { $field } “{ $value }” is not a possible value for this indicator.
err-formula-empty = { $field } is empty.
err-formula-too-long = { $field } is longer than { $max } characters.
err-formula-too-deep = { $field } nests brackets or functions more than { $max } levels deep.
err-formula-unexpected-char = { $field }: the character “{ $value }” cannot be used (use indicator codes, numbers, + - * /, brackets, min and max).
err-formula-unexpected-end = { $field } ends too early: a value or a closing bracket is missing.
err-formula-unexpected-token = { $field }: “{ $value }” is out of place.
err-formula-unclosed = { $field }: a bracket is opened but never closed.
err-formula-unknown-function = { $field }: there is no function “{ $value }” (available: min, max).
err-formula-number-format = { $field }: “{ $value }” is not a number (use a dot for decimals, for example 0.5).
err-formula-no-arguments = { $field }: { $value }() needs at least one value.
err-formula-code-too-long = { $field }: “{ $value }” is longer than an indicator code may be.
err-formula-cycle = The formulas refer to each other in a circle: { $detail }.
err-formula-unknown-indicator = The formula refers to an indicator that does not exist: { $value }.
err-weight-unknown-indicator = The weighting indicator { $value } does not exist.
err-severity-unknown = The severity “{ $value }” is not valid. Accepted: block, warn.
err-comparison-unknown = { $field }: no valid comparison in “{ $value }” (use <, <=, =, !=, >=, >).
err-rule-range-empty = The range needs a minimum, a maximum or both, and the minimum cannot be above the maximum.
err-rule-threshold-positive = The change threshold must be a percentage greater than 0.
err-indicator-unknown = The indicator { $value } is not in this catalogue or form.
err-indicator-computed = { $field } is computed by a formula and cannot be entered.
err-indicator-missing = { $field } has no value yet.
err-indicator-below-min = { $field } ({ $value }) is below the minimum of { $min }.
err-indicator-above-max = { $field } ({ $value }) is above the maximum of { $max }.
err-indicator-jump-needs-comment = { $field } changed by more than { $limit } % from the previous period ({ $value }): please explain the change in a comment.
err-indicator-rule-failed = { $field }: the check “{ $detail }” is not met.
err-submission-state-unknown = The submission state “{ $value }” is not valid.
err-timeliness-unknown = “{ $value }” is not a valid timeliness.
err-indicator-periodicity-mismatch = The indicator { $value } has a different reporting frequency from the data set.
err-round-due-before-start = The due date cannot be before the period starts ({ $date }).
err-round-due-order = The { $level } level cannot be due after the { $parent_level } level above it.
err-round-locks-before-due = Entry can only lock after the last due date ({ $date }).
err-submission-wrong-state = This is not possible in the submission's current state ({ $value }).
err-submission-not-own-unit = Only the reporting unit itself can enter, submit or withdraw its figures.
err-submission-not-parent = Only the unit above can approve, return or re-open these figures.
err-round-locked = The reporting round is locked: figures can only be changed when the unit above returns them.
err-period-not-started = The period has not started yet (it starts on { $date }).
err-children-not-approved = The submissions of all units below must be approved first.
err-reason-required = Please give a reason.
err-approved-above = The unit above has already been approved on these figures: re-open its submission first.

## indicator pages (crates/web/src/views/indicators.rs, indicator_rounds.rs)
nav-indicators = Indicators
indicators-title = Indicator catalogue
indicators-search = Search by code or name
indicators-search-hint = With or without diacritics, e.g. ho so truc tuyen
indicators-filter = Show
indicators-count = { $count } indicators
indicators-none = No indicator matches.
indicator-code = Indicator code
indicator-name = Indicator
indicator-version = Version
indicator-series = Values by period against the target
indicator-chart-label = Chart of the values by period and the target line
indicator-chart-legend = Solid line: value; dashed line: target.
indicator-value = Value
indicator-achievement = Achievement
indicator-compare = Units directly below compared
indicator-compare-none = No units below.
indicator-export-xlsx = Export to Excel
indicator-yes = Yes
indicator-no = No
indicator-rounds-title = Collection rounds
indicator-rounds-none = No collection round yet.
indicator-data-set = Data set
indicator-round-open = Open
indicator-round-closed = Closed
indicator-expected = Units expected
indicator-submitted = Submitted
indicator-round-exchange = Values from a file
indicator-round-template = Download the entry template (Excel)
indicator-import-ok = { $count } values written.
indicator-round-units = Reporting by unit
indicator-round-no-units = No unit is expected to report.
indicator-submitted-on = Submitted on
indicator-due = Due
indicator-timeliness = Timeliness
indicator-decision = Decision
indicator-previous = Previous period
indicator-comment = Comment
indicator-computed = Computed
indicator-numerator = numerator
indicator-denominator = denominator
indicator-own-form = Entry form of the unit shown
indicator-form-readonly = This form cannot be changed now: it was submitted or approved, the round is locked, or you may not enter values for this unit.
indicator-save-draft = Save draft
indicator-warnings = Warnings to review
indicator-submitted-with-warnings = Submitted. Please review the warnings below and add a comment where needed.
submission-state-none = Not started
periodicity-month = Monthly
periodicity-quarter = Quarterly
periodicity-half_year = Half-yearly
periodicity-year = Yearly
field-unit_code = Unit code
field-indicator_code = Indicator code
field-value = Value
field-comment = Comment
field-batch_key = Batch key
field-action = Action
err-unit-not-permitted = You may not enter values for unit “{ $value }”.
err-round-missing = No collection round with this indicator is open for period { $value }.
err-import-batch-conflict = This batch key was already used for a batch with other content: use a new key.
indicator-new-title = New indicator
indicator-edit-title = Edit indicator
indicator-edit-intro = A change of meaning (value type, unit of measure, direction, periodicity, aggregation, source) makes a new version; old values keep the version they were entered under.
indicator-code-hint = Unaccented letters, digits and underscores, e.g. ONLINE_SHARE. It cannot be changed later.
indicator-weight-hint = Weighted average only: “denominator” or the code of the weighing indicator.
indicator-system = Source system
indicator-system-hint = When the source is another system: its name, e.g. the National Public Service Portal.
indicator-formula-hint = When the source is a formula: use other indicators' codes, e.g. ONLINE / TOTAL * 100.
indicator-save = Save
indicator-set-target = Set a target
indicator-target-unit-code = Or one unit's code
indicator-target-unit-hint = Leave empty to set it for every unit of the chosen level.
indicator-round-close = Close round
indicator-round-reopen = Reopen round
indicator-open-round = Open a collection round
indicator-data-sets-none = No data sets yet.
indicator-new-data-set = Create a data set
indicator-data-set-hint = Choose indicators with the same periodicity as the data set.
