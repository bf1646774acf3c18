#!/usr/bin/env bash
# Builds the evidence repository of the example organisation, Harbour Digital
# Services, through the dossier CLI, as its people would have over 2026: every
# step is a commit dated on the day it happened, so `dossier log` and the
# report's history chart tell the real story. Then prints what the repository
# holds per clause, the Stage 1 and Stage 2 verdicts, and writes the HTML report; then carries
# it through the certification body's Stage 2 (with the body's findings), the certification
# decision and the first surveillance audit, printing the verdict for each.
#
# usage: examples/demo.sh [BUILD_DIR]       (default: build)
#        DOSSIER=/usr/bin/dossier demo.sh DIR (an installed dossier; the demo is written to DIR)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-build}" && pwd)
dossier="${DOSSIER:-$build/cli/dossier}"
src="$here/harbour"
repo="$build/demo/harbour"
as_of=2026-11-20
report="$build/demo/harbour-readiness-stage2.html"

[ -x "$dossier" ] || { echo "error: $dossier not built (run make)" >&2; exit 2; }
rm -rf "$repo" && mkdir -p "$(dirname "$repo")"

# People (examples/harbour/README.md).
CEO="Mara Okafor <mara@harbour.example>"
QL="Priya Raman <priya@harbour.example>"
HOD="Daniel Osei <daniel@harbour.example>"
DL="Sam Whitaker <sam@harbour.example>"
HOP="Hannah Brooks <hannah@harbour.example>"
SM="Joel Martins <joel@harbour.example>"
IA="Ruth Adeyemi <ruth@harbour.example>"

# on DATE AUTHOR dossier-args...: one command, committed as of DATE by AUTHOR.
on() {
  local date=$1 who=$2
  shift 2
  GIT_AUTHOR_DATE="${date}T10:00:00Z" GIT_COMMITTER_DATE="${date}T10:00:00Z" \
    "$dossier" -C "$repo" --quiet --as-of "$date" --author "$who" "$@"
}
# The id an --json output names first.
first_id() { sed -n 's/^ *"id": "\([A-Z]*-[0-9]*-[0-9A-Z]*\)".*/\1/p' | head -n 1; }
# The artifact id of a file filed under evidence/.
artifact() { "$dossier" -C "$repo" show "evidence/$1" --json | first_id; }
name_of() { sed 's/ <.*//' <<<"$1"; }

echo "== Harbour Digital Services: building the evidence repository in $repo"
GIT_AUTHOR_DATE=2026-04-10T09:00:00Z GIT_COMMITTER_DATE=2026-04-10T09:00:00Z \
  "$dossier" --as-of 2026-04-10 --author "$QL" init "$repo" --org "Harbour Digital Services Ltd" >/dev/null

# Processes, their owners and the clauses they serve: configuration, kept in dossier.ini.
cat >>"$repo/dossier.ini" <<'INI'

[process:P1 Sales and partner selection]
owner = Mara Okafor
clauses = 8.2.1,8.2.2,8.2.3.1,8.2.3.2,8.4.1,8.4.2,8.4.3

[process:P2 Discovery and design]
owner = Sam Whitaker
clauses = 8.3.1,8.3.2,8.3.3,8.3.4,8.3.5,8.3.6

[process:P3 Delivery]
owner = Daniel Osei
clauses = 8.1,8.2.4,8.5.1,8.5.2,8.5.3,8.5.4,8.6,8.7.1,8.7.2

[process:P4 Support]
owner = Joel Martins
clauses = 8.5.5,8.5.6

[process:P5 People and competence]
owner = Hannah Brooks
clauses = 7.1.2,7.2,7.3

[process:P6 Continual improvement]
owner = Priya Raman
clauses = 9.1.1,9.1.2,9.1.3,10.1,10.2.1,10.2.2,10.3
INI
git -C "$repo" add dossier.ini
GIT_AUTHOR_DATE=2026-04-10T09:30:00Z GIT_COMMITTER_DATE=2026-04-10T09:30:00Z \
  git -C "$repo" -c user.name="Priya Raman" -c user.email=priya@harbour.example \
  commit -q -m "dossier.ini: processes P1-P6 with owners and clauses"

# The CEO approves the documents, signing with her own key: its public half registered in
# the repository, the private half kept here (in real life: in her ~/.config/dossier/keys).
ceo_key="$build/demo/mara-okafor.pem"
rm -f "$ceo_key" "${ceo_key%.pem}.pub.pem"
on 2026-04-10 "$CEO" keygen --person "$(name_of "$CEO")" -o "$ceo_key" >/dev/null

# file PATH: files one artifact of MANIFEST.txt on its effective date, as its owner;
# documents are approved by the CEO the same day.
file() {
  local line path kind clauses reqs owner date title who args
  line=$(awk -F'\t' -v p="$1" '$1 == p' "$src/MANIFEST.txt")
  [ -n "$line" ] || { echo "error: $1 not in MANIFEST.txt" >&2; exit 2; }
  IFS=$'\t' read -r path kind clauses reqs owner date title <<<"$line"
  who="$owner <$(tr 'A-Z ' 'a-z.' <<<"${owner%% *}")@harbour.example>"
  args=(add "$src/$path" --to "$(dirname "${path#evidence/}")" --kind "$kind" --clause "$clauses"
        --owner "$owner" --effective "$date" --title "$title")
  [ "$reqs" = "-" ] || args+=(--requirement "$reqs")
  on "$date" "$who" "${args[@]}" >/dev/null
  if [ "$kind" = document ]; then
    on "$date" "$CEO" approve "$path" --key "$ceo_key" >/dev/null
  fi
}

# measure DATE FILE: records every measurement a KPI export holds.
measure() {
  local date=$1 export=$2 src_id
  src_id=$(artifact "records/$export")
  grep -E '^\| (PAR|IMP|HCD|ACC|CUL|FOT|CI)-[0-9]' "$src/evidence/records/$export" |
    awk -F'|' '{split($2, a, " "); v=$7; gsub(/ /, "", v); if (v != "-") print a[1], v}' |
    while read -r code value; do
      on "$date" "$QL" objective measure "${objective_of[${code%%-*}]}" --measure "$code" \
        --value "$value" --date "$date" --source "$src_id" >/dev/null
    done
}

echo "== April: the QMS goes live: documents filed and approved"
# The scope decided first, so that the scope document approved states it (4.3).
on 2026-04-14 "$QL" scope exclude 7.1.5 --why "No monitoring or measuring equipment is used to \
verify the conformity of our services (digital services verified by review and automated tests); \
see evidence/documents/qms-scope.md section 3." >/dev/null
for d in context-and-interested-parties quality-policy qms-scope process-map service-definitions \
         roles-and-responsibilities internal-audit-procedure corrective-action-procedure; do
  file "evidence/documents/$d.md"
done
# Conditional requirements whose condition does not hold here, stated with the reason.
on 2026-04-15 "$QL" scope condition R13 --not-held --from 2026-04-15 --why "No customer, contract \
or regulation requires traceability of our outputs beyond the version control all projects use" \
  >/dev/null
on 2026-04-15 "$QL" scope condition R14 --not-held --from 2026-04-15 --why "Customer data and \
accounts are held, but none was lost, damaged or found unsuitable; incidents would be logged" \
  >/dev/null

echo "== April: the seven quality objectives (6.2) and their measures"
file evidence/documents/quality-objectives.md
declare -A objective_of
add_objective() {  # KEY NAME OWNER then groups of: MEASURE UNIT TARGET FREQUENCY
  local key=$1 name=$2 owner=$3
  shift 3
  local args=(objective add "$name" --owner "$owner")
  while [ $# -gt 0 ]; do
    args+=(--measure "$1" --unit "$2" --target "$3" --frequency "$4")
    shift 4
  done
  objective_of[$key]=$(on 2026-04-28 "$QL" --json "${args[@]}" | first_id)
}
add_objective PAR "O1 Partnering: intentionally assess the alignment of all our partners" "Mara Okafor" \
  PAR-1 % ">=100" quarterly  PAR-2 % ">=100" quarterly  PAR-3 "score 1-5" ">=4.0" quarterly
add_objective IMP "O2 Positive Impact: track impact across the project life cycle" "Mara Okafor" \
  IMP-1 % ">=100" monthly  IMP-2 % ">=90" monthly
add_objective HCD "O3 Human-Centered Design: services centred on real user needs" "Sam Whitaker" \
  HCD-1 % ">=95" monthly  HCD-2 % ">=85" quarterly
add_objective ACC "O4 Accessible to Everyone: inclusive services by default" "Hannah Brooks" \
  ACC-1 % ">=100" monthly  ACC-2 % ">=100" monthly
add_objective CUL "O5 Company Culture: openness, balance and care" "Hannah Brooks" \
  CUL-1 % ">=80" yearly  CUL-2 % ">=90" quarterly
add_objective FOT "O6 Free and Open Technologies: sustainable, open solutions" "Daniel Osei" \
  FOT-1 "contributions per quarter" ">=12" quarterly  FOT-2 % ">=100" monthly
add_objective CI "O7 Continual Improvement: learn and improve intentionally" "Priya Raman" \
  CI-1 % ">=90" monthly  CI-2 % ">=80" quarterly

echo "== May-October: operating the QMS"
audit1=$(on 2026-05-04 "$QL" --json audit plan --date 2026-06-16 --auditor "Ruth Adeyemi" \
  --scope 4,5,6,7.1.1,7.1.2,7.1.3,7.1.4,7.1.6,7.2,7.3,7.4,7.5,8.2,8.4,9.1,10 \
  --process "P1 Sales and partner selection" --process "P5 People and competence" \
  --process "P6 Continual improvement" | first_id)
audit2=$(on 2026-05-04 "$QL" --json audit plan --date 2026-09-22 --auditor "Ruth Adeyemi" \
  --auditor "Daniel Osei" --scope 8.1,8.3,8.5,8.6,8.7,9.2,9.3 \
  --process "P2 Discovery and design" --process "P3 Delivery" --process "P4 Support" \
  --process "P6 Continual improvement" | first_id)

file evidence/records/2026-05-12-ocl-mooring-requirements-review.md
file evidence/records/2026-05-14-partner-evaluation-brightwater-research.md
file evidence/records/2026-05-20-ocl-mooring-design-inputs.md
file evidence/records/2026-05-29-kpi-dashboard-export.md
measure 2026-05-29 2026-05-29-kpi-dashboard-export.md
file evidence/records/2026-05-29-training-completion-export.md
file evidence/records/2026-06-12-ocl-mooring-sprint-02-acceptance.md

# Internal audit IA-2026-01 and what it raised.
file evidence/records/2026-06-18-internal-audit-report-ia-2026-01.md
on 2026-06-18 "$IA" audit done "$audit1" --date 2026-06-18 \
  --report "$(artifact records/2026-06-18-internal-audit-report-ia-2026-01.md)" >/dev/null
nc1=$(on 2026-06-19 "$IA" --json finding open --grade minor --clause 7.2 --audit "$audit1" \
  --owner "Hannah Brooks" --title "3 of 12 staff past day 60 without accessibility training" | first_id)
nc2=$(on 2026-06-19 "$IA" --json finding open --grade minor --clause 7.5.3 --audit "$audit1" \
  --owner "Priya Raman" --title "Uncontrolled draft Definition of Done copies in two team spaces" | first_id)
ofi1=$(on 2026-06-18 "$IA" --json finding open --grade ofi --clause 6.1.2 --audit "$audit1" \
  --owner "Priya Raman" --title "Risk register: record how action effectiveness is evaluated" | first_id)
on 2026-06-19 "$HOP" finding analyse "$nc1" --correction "3 staff trained by 2026-06-30; paired with trained staff meanwhile" \
  --cause "Manual enrolment; contractors missing from the onboarding checklist; no reminders" >/dev/null
on 2026-06-19 "$QL" finding analyse "$nc2" --correction "Copies removed and teams briefed on 2026-06-19" \
  --cause "No archive step; teams copied pre-launch drafts to customise them" >/dev/null
on 2026-06-22 "$HOP" finding plan "$nc1" --due 2026-07-31 \
  --action "LMS auto-enrolment, day-30/50 reminders, weekly People report" >/dev/null
on 2026-06-22 "$QL" finding plan "$nc2" --due 2026-07-15 \
  --action "Document control v1.1: archive step, controlled-copy label, quarterly link check" >/dev/null

file evidence/records/2026-06-26-ocl-mooring-alpha-design-review.md
file evidence/records/2026-06-30-kpi-dashboard-export.md
measure 2026-06-30 2026-06-30-kpi-dashboard-export.md
file evidence/documents/document-control-procedure.md
on 2026-06-30 "$QL" finding implement "$nc2" \
  --evidence "$(artifact documents/document-control-procedure.md)" >/dev/null
file evidence/records/2026-07-07-process-performance-review.md
file evidence/records/2026-07-09-partner-evaluation-corvid-security.md

# Management review MR-2026-01: every 9.3.2 input.
file evidence/records/2026-07-14-management-review-minutes.md
on 2026-07-14 "$CEO" review record --date 2026-07-14 --inputs a,b,c1,c2,c3,c4,c5,c6,c7,d,e,f \
  --minutes "$(artifact records/2026-07-14-management-review-minutes.md)" \
  --output "Resource: deputy delivery manager role to be defined" \
  --output "QMS change: automated keyboard-navigation testing in CI" \
  --action "Quality Lead to trial a design plan template (Q4)" >/dev/null

nc3=$(on 2026-07-17 "$HOD" --json finding open --grade minor --clause 8.6 --source process \
  --owner "Daniel Osei" --title "Keyboard trap released to production (Westmoor 3.2)" | first_id)
on 2026-07-17 "$HOD" finding analyse "$nc3" --correction "Hotfix 3.2.1 released 2026-07-17; client informed" \
  --cause "Manual keyboard check required only for major releases; axe cannot detect focus traps" >/dev/null
on 2026-07-20 "$HOD" finding plan "$nc3" --due 2026-09-09 \
  --action "Automated keyboard-navigation test in CI for all projects; manual checks every release" >/dev/null
on 2026-07-21 "$QL" finding close "$ofi1" \
  --response "Effectiveness-check column added to the risk register (v1.1)" >/dev/null
file evidence/documents/risk-register.md
file evidence/records/2026-07-22-ocl-mooring-design-change-dc-03.md
file evidence/records/2026-07-24-ocl-mooring-sprint-05-acceptance.md
file evidence/records/2026-07-31-kpi-dashboard-export.md
measure 2026-07-31 2026-07-31-kpi-dashboard-export.md
file evidence/records/2026-07-31-lms-auto-enrolment-change.md
on 2026-07-31 "$HOP" finding implement "$nc1" \
  --evidence "$(artifact records/2026-07-31-lms-auto-enrolment-change.md)" >/dev/null
file evidence/records/2026-08-19-partner-annual-reevaluation.md
file evidence/records/2026-08-20-ocl-mooring-beta-design-review.md
file evidence/records/2026-08-28-customer-satisfaction-survey-summary.md
file evidence/records/2026-08-28-kpi-dashboard-export.md
measure 2026-08-28 2026-08-28-kpi-dashboard-export.md

# A complaint and a change-control slip.
nc6=$(on 2026-09-01 "$QL" --json finding open --grade minor --clause 8.2.1 --source complaint \
  --owner "Daniel Osei" --title "Weekly status reports to Westmoor late three times (Jul-Aug)" | first_id)
file evidence/records/2026-09-02-production-change-log-review.md
nc4=$(on 2026-09-02 "$SM" --json finding open --grade minor --clause 8.5.6 --source process \
  --owner "Joel Martins" --title "Emergency change CHG-1192 by Kestrel without retrospective approval" | first_id)
on 2026-09-02 "$SM" finding analyse "$nc4" --correction "Retrospective review and approval on 2026-09-02" \
  --cause "Change procedure given to the Kestrel account manager only; on-call onboarding omits it" >/dev/null
on 2026-09-03 "$SM" finding plan "$nc4" --due 2026-09-30 \
  --action "Change procedure annexed to the Kestrel SoW; each on-call engineer briefed; monthly check" >/dev/null
on 2026-09-04 "$HOD" finding analyse "$nc6" --correction "Apology; late reports sent 2026-09-04; Head of Delivery covers" \
  --cause "Delivery manager covers two projects; Monday is the other project's planning day" >/dev/null
on 2026-09-08 "$HOD" finding plan "$nc6" --due 2026-11-13 \
  --action "Move the report to Tuesday (change note agreed with Westmoor); name a deputy delivery manager" >/dev/null
file evidence/records/2026-09-04-ocl-mooring-design-outputs.md
file evidence/documents/delivery-playbook.md
on 2026-09-09 "$HOD" finding implement "$nc3" --evidence "$(artifact documents/delivery-playbook.md)" >/dev/null
file evidence/records/2026-09-10-ocl-mooring-release-1.0-acceptance.md
file evidence/records/snapshots/2026-09-retro-snapshot.html

# Internal audit IA-2026-02 completes the cycle's coverage.
file evidence/records/2026-09-24-internal-audit-report-ia-2026-02.md
on 2026-09-24 "$IA" audit done "$audit2" --date 2026-09-24 \
  --report "$(artifact records/2026-09-24-internal-audit-report-ia-2026-02.md)" >/dev/null
nc5=$(on 2026-09-25 "$IA" --json finding open --grade minor --clause 8.7.2 --audit "$audit2" \
  --owner "Daniel Osei" --title "2 of 5 nonconforming-output entries without 'decided by'" | first_id)
obs1=$(on 2026-09-24 "$IA" --json finding open --grade observation --clause 8.4.2 --audit "$audit2" \
  --owner "Mara Okafor" --title "Kestrel rating 3.8 without an improvement plan covering change control" | first_id)
ofi2=$(on 2026-09-24 "$IA" --json finding open --grade ofi --clause 8.3.2 --audit "$audit2" \
  --owner "Sam Whitaker" --title "A design plan template would make 8.3.2 planning evidence uniform" | first_id)
on 2026-09-25 "$HOD" finding analyse "$nc5" --correction "Fields completed on 2026-09-25" \
  --cause "Field optional in Jira; entries logged by people not present at the decision" >/dev/null
on 2026-09-26 "$HOD" finding plan "$nc5" --due 2026-10-30 \
  --action "Make 'decided by' mandatory; an entry cannot close without it" >/dev/null
on 2026-09-29 "$CEO" finding close "$obs1" \
  --response "Kestrel rating reviewed: kept at 3.8, improvement plan extended to change control" >/dev/null
file evidence/records/2026-09-30-kpi-dashboard-export.md
measure 2026-09-30 2026-09-30-kpi-dashboard-export.md
file evidence/records/2026-09-30-nonconforming-output-log.md
file evidence/records/2026-09-30-training-completion-export.md
on 2026-09-30 "$SM" finding implement "$nc4" --evidence "$(artifact records/2026-09-02-production-change-log-review.md)" >/dev/null

# Effectiveness checks, with the evidence that shows the problem has not recurred.
for nc in "$nc1" "$nc2"; do
  on 2026-09-30 "$IA" finding verify "$nc" --effective --by "Ruth Adeyemi" \
    --evidence "$(artifact records/2026-09-30-training-completion-export.md)" \
    --evidence "$(artifact records/2026-09-24-internal-audit-report-ia-2026-02.md)" >/dev/null
  on 2026-09-30 "$QL" finding close "$nc" >/dev/null
done

file evidence/records/2026-10-13-management-review-minutes.md
on 2026-10-13 "$CEO" review record --date 2026-10-13 --inputs a,c1,c2,c3,c4,c6,f \
  --minutes "$(artifact records/2026-10-13-management-review-minutes.md)" \
  --action "Deputy delivery manager named by 2026-11-13" >/dev/null
on 2026-10-13 "$DL" finding close "$ofi2" --response "Design plan template to be trialled on the Tidewater discovery" >/dev/null
on 2026-10-15 "$QL" finding verify "$nc3" --effective --by "Priya Raman" \
  --evidence "$(artifact records/2026-09-10-ocl-mooring-release-1.0-acceptance.md)" >/dev/null
on 2026-10-15 "$QL" finding close "$nc3" >/dev/null
file evidence/records/2026-10-16-corrective-action-log.md
file evidence/records/2026-10-30-kpi-dashboard-export.md
measure 2026-10-30 2026-10-30-kpi-dashboard-export.md
file evidence/records/2026-10-30-jira-decided-by-field-change.md
on 2026-10-30 "$HOD" finding implement "$nc5" \
  --evidence "$(artifact records/2026-10-30-jira-decided-by-field-change.md)" >/dev/null
audit3=$(on 2026-11-02 "$QL" --json audit plan --date 2026-12-08 --auditor "Ruth Adeyemi" \
  --scope 8.2,8.5,10.2 --process "P3 Delivery" | first_id)

echo "== November: the spreadsheets become registers (training, partners, test devices, complaints, risks)"
regs="$src/registers"
on 2026-11-03 "$HOP" register import people "$regs/people.csv" >/dev/null
# The HR system's export: byte-order mark, semicolons, day/month/year dates, a line break in a cell.
on 2026-11-03 "$HOP" register import training "$regs/training-matrix.csv" --date-format DD/MM/YYYY >/dev/null
on 2026-11-03 "$CEO" register import suppliers "$regs/suppliers.csv" >/dev/null
on 2026-11-03 "$HOD" register import calibration "$regs/calibration-log.csv" >/dev/null
on 2026-11-03 "$HOD" register import complaints "$regs/complaints.csv" >/dev/null
on 2026-11-03 "$QL" register import risks "$regs/risk-register.csv" >/dev/null
"$dossier" -C "$repo" register list | grep 'row(s)'

echo "== November: the document control procedure revised (1.2), effective once approved"
dcp=$(artifact documents/document-control-procedure.md)
draft="$build/demo/document-control-procedure-1.2.md"
sed -e 's/^| Version | 1.1 |$/| Version | 1.2 |/' -e 's/^| Issued | 2026-06-30 |$/| Issued | 2026-11-09 |/' \
  "$src/evidence/documents/document-control-procedure.md" >"$draft"
cat >>"$draft" <<'MD'

## Registers (7.5.3)

Training, partner evaluations, test devices, complaints and risks are kept as registers in the
evidence repository (`dossier register`), not as spreadsheets in team spaces.
MD
on 2026-11-04 "$QL" doc draft "$dcp" --from "$draft" --rev 1.2 \
  --note "Registers replace the team spreadsheets (finding of IA-2026-01 follow-up)" >/dev/null
on 2026-11-04 "$QL" doc submit "$dcp" --reviewer "Ruth Adeyemi" >/dev/null
on 2026-11-05 "$CEO" doc approve "$dcp" --effective 2026-11-09 --key "$ceo_key" >/dev/null
"$dossier" -C "$repo" --as-of "$as_of" doc history "$dcp" | grep '^revision'

echo
echo "== What the evidence repository holds, per clause (as of $as_of)"
"$dossier" -C "$repo" --as-of "$as_of" clauses
echo
"$dossier" -C "$repo" verify
echo
echo "== Findings"
"$dossier" -C "$repo" --as-of "$as_of" finding list
echo
echo "== Stage 1 readiness (documentation review), as of $as_of"
set +e
"$dossier" -C "$repo" readiness --stage 1 --as-of "$as_of"
stage1=$?
echo
echo "== Stage 2 readiness (implementation), as of $as_of"
"$dossier" -C "$repo" readiness --stage 2 --as-of "$as_of"
stage2=$?
"$dossier" -C "$repo" readiness --stage 2 --as-of "$as_of" --format html -o "$report"
set -e

# The certification cycle: Meridian Certification's Stage 1 and Stage 2, the body's findings on
# its deadlines, the certification decision and the first surveillance (doc/lifecycle.md).
echo
echo "== November 2026 - April 2027: certification by Meridian Certification Ltd"
BODY="Meridian Certification Ltd"
SCOPE="Design, delivery and support of custom software and digital services"
LEAD="Elena Varga (Meridian lead auditor)"
cb1=$(on 2026-11-20 "$QL" --json certification plan --type stage1 --date 2026-11-26 --body "$BODY" \
  --scope "$SCOPE" | first_id)
cb2=$(on 2026-11-20 "$QL" --json certification plan --type stage2 --date 2026-12-14 --body "$BODY" \
  --scope "$SCOPE" | first_id)
file evidence/records/2026-11-24-deputy-delivery-manager-appointment.md
on 2026-11-24 "$HOD" finding implement "$nc6" \
  --evidence "$(artifact records/2026-11-24-deputy-delivery-manager-appointment.md)" >/dev/null
on 2026-11-26 "$QL" certification done "$cb1" --date 2026-11-26 >/dev/null
file evidence/records/2026-11-30-kpi-dashboard-export.md
measure 2026-11-30 2026-11-30-kpi-dashboard-export.md
file evidence/records/2026-12-08-internal-audit-report-ia-2026-03.md
on 2026-12-08 "$IA" audit done "$audit3" --date 2026-12-08 \
  --report "$(artifact records/2026-12-08-internal-audit-report-ia-2026-03.md)" >/dev/null
echo
echo "== Readiness for the next audit planned (no --stage: Stage 2 on 2026-12-14, as of that day)"
set +e
out=$("$dossier" -C "$repo" --as-of 2026-12-09 readiness)
stage2_then=$?
head -n 2 <<<"$out"
set -e

# Stage 2: three findings from the body, on its deadlines; one raised twice.
file evidence/records/2026-12-15-certification-stage2-report.md
body_report=$(artifact records/2026-12-15-certification-stage2-report.md)
on 2026-12-15 "$QL" certification done "$cb2" --date 2026-12-15 --report "$body_report" >/dev/null
major=$(on 2026-12-15 "$QL" --json finding open --grade major --clause 8.3.6 --body-audit "$cb2" \
  --owner "Sam Whitaker" --evidence "$body_report" \
  --title "2 of 3 sampled design changes released without a review of their effect" | first_id)
minor=$(on 2026-12-15 "$QL" --json finding open --grade minor --clause 8.5.3 --body-audit "$cb2" \
  --owner "Daniel Osei" --evidence "$body_report" --due 2027-05-31 \
  --title "Client credentials register misses 2 of 9 active clients" | first_id)
lessons=$(on 2026-12-15 "$QL" --json finding open --grade major --clause 7.1.6 --body-audit "$cb2" \
  --owner "Priya Raman" --evidence "$body_report" --due 2027-05-31 \
  --title "Lessons learned from releases not shared beyond the project team" | first_id)
twice=$(on 2026-12-15 "$HOD" --json finding open --grade minor --clause 8.5.3 --source stage2 \
  --owner "Daniel Osei" --title "Credentials register incomplete (closing meeting notes)" | first_id)
on 2026-12-15 "$QL" finding regrade "$lessons" --grade minor --decided-by "$LEAD" \
  --why "Reviewed after the closing meeting: one project, no output affected: a lapse, not a breakdown" \
  >/dev/null
on 2026-12-16 "$QL" finding withdraw "$twice" --reason duplicate --duplicate-of "$minor" \
  --decided-by "Priya Raman" --why "The same register gap as the body's finding, noted again from the closing meeting" \
  >/dev/null
on 2026-12-16 "$DL" finding analyse "$major" --containment "Releases of changed designs held until reviewed" \
  --correction "The 2 changes reviewed retrospectively: no adverse effect" --correction-date 2026-12-16 \
  --extent "All 3 active design projects checked: the gap is the same in each (one release checklist)" \
  --cause "The release checklist has no design-change review gate" --method 5-whys \
  --why-chain "Changes were released unreviewed" --why-chain "Nothing stops a release without the review" \
  --why-chain "The release checklist has no design-change review gate" >/dev/null
on 2026-12-17 "$HOD" finding analyse "$minor" --correction "Register completed 2026-12-17" \
  --extent "All 11 active clients checked" --cause "Client onboarding has no register step" >/dev/null
on 2026-12-17 "$QL" finding analyse "$lessons" --correction "Lessons of the 3 latest releases published" \
  --cause "No step publishes lessons learned" --method fishbone --category method >/dev/null
file evidence/records/2026-12-18-stage2-corrective-action-plan.md
plan_letter=$(artifact records/2026-12-18-stage2-corrective-action-plan.md)
on 2026-12-18 "$DL" finding plan "$major" --owner "Sam Whitaker" --due 2027-01-15 \
  --action "A design-change review gate in the release pipeline" \
  --risks "Risk register: unreviewed design change added (likelihood 3, impact 4)" \
  --qms-changes "Delivery playbook release section revised" >/dev/null
on 2026-12-18 "$HOD" finding plan "$minor" --owner "Daniel Osei" --due 2027-05-31 \
  --action "A register step in the client onboarding checklist" >/dev/null
on 2026-12-18 "$QL" finding plan "$lessons" --owner "Priya Raman" --due 2027-05-31 \
  --action "Publish lessons learned to the whole company after each release" >/dev/null
for nc in "$major" "$minor" "$lessons"; do
  on 2026-12-18 "$QL" finding submit "$nc" --evidence "$plan_letter" >/dev/null
done
file evidence/records/2026-12-22-meridian-plan-acceptance.md
for nc in "$major" "$minor" "$lessons"; do
  on 2026-12-22 "$QL" finding accept "$nc" --by "$LEAD" \
    --evidence "$(artifact records/2026-12-22-meridian-plan-acceptance.md)" >/dev/null
done
file evidence/records/2026-12-31-kpi-dashboard-export.md
measure 2026-12-31 2026-12-31-kpi-dashboard-export.md
on 2027-01-05 "$IA" finding verify "$nc6" --effective --by "Ruth Adeyemi" \
  --evidence "$(artifact records/2026-12-08-internal-audit-report-ia-2026-03.md)" >/dev/null
on 2027-01-05 "$QL" finding close "$nc6" >/dev/null
echo
echo "== The Stage 2 findings on 2027-01-08"
"$dossier" -C "$repo" --as-of 2027-01-08 certification list
echo
echo "== Readiness for the certification decision, as of 2027-01-08"
set +e
out=$("$dossier" -C "$repo" readiness --stage decision --as-of 2027-01-08)
decision_before=$?
sed -n '1,/^Checks:/p' <<<"$out"
set -e

file evidence/records/2027-01-12-design-change-review-gate.md
on 2027-01-12 "$DL" finding implement "$major" \
  --evidence "$(artifact records/2027-01-12-design-change-review-gate.md)" >/dev/null
file evidence/records/2027-01-29-kpi-dashboard-export.md
measure 2027-01-29 2027-01-29-kpi-dashboard-export.md
file evidence/records/2027-02-16-design-change-sample-review.md
on 2027-02-16 "$IA" finding verify "$major" --effective --by "Ruth Adeyemi" \
  --evidence "$(artifact records/2027-02-16-design-change-sample-review.md)" >/dev/null
file evidence/records/2027-02-19-meridian-major-closure-letter.md
on 2027-02-19 "$QL" finding body-verify "$major" --by "$LEAD" \
  --evidence "$(artifact records/2027-02-19-meridian-major-closure-letter.md)" >/dev/null
on 2027-02-19 "$QL" finding close "$major" >/dev/null
file evidence/records/2027-02-26-kpi-dashboard-export.md
measure 2027-02-26 2027-02-26-kpi-dashboard-export.md
echo
echo "== Readiness for the certification decision, as of 2027-02-26"
set +e
out=$("$dossier" -C "$repo" readiness --stage decision --as-of 2027-02-26)
decision_after=$?
head -n 1 <<<"$out"
set -e

# Year one: the first surveillance, brought forward by Meridian to April after the Stage 2 major.
cb3=$(on 2027-03-01 "$QL" --json certification plan --type surveillance1 --date 2027-04-20 \
  --body "$BODY" --scope "$SCOPE" | first_id)
audit4=$(on 2027-03-01 "$QL" --json audit plan --date 2027-03-10 --auditor "Ruth Adeyemi" \
  --scope 7.1.6,8.3,8.5.3 | first_id)
file evidence/records/2027-03-10-internal-audit-report-ia-2027-01.md
on 2027-03-10 "$IA" audit done "$audit4" --date 2027-03-10 \
  --report "$(artifact records/2027-03-10-internal-audit-report-ia-2027-01.md)" >/dev/null
file evidence/records/2027-03-23-management-review-minutes.md
mr3=$(on 2027-03-23 "$CEO" --json review record --date 2027-03-23 --inputs a,b,c,d,e,f \
  --minutes "$(artifact records/2027-03-23-management-review-minutes.md)" \
  --output "Certification communicated to clients" | first_id)
on 2027-03-23 "$CEO" review action "$mr3" --action "Check the use of the certificate mark" \
  --owner "Priya Raman" --due 2027-04-10 >/dev/null
file evidence/records/2027-03-31-kpi-dashboard-export.md
measure 2027-03-31 2027-03-31-kpi-dashboard-export.md
file evidence/records/2027-04-06-certificate-mark-use-check.md
on 2027-04-06 "$QL" review action-done "$mr3" --item 1 \
  --evidence "$(artifact records/2027-04-06-certificate-mark-use-check.md)" >/dev/null
echo
echo "== Readiness for the next audit planned (surveillance 1 on 2027-04-20, as of that day)"
set +e
out=$("$dossier" -C "$repo" --as-of 2027-04-07 readiness)
surveillance=$?
head -n 2 <<<"$out"
set -e
file evidence/records/2027-04-21-certification-surveillance1-report.md
on 2027-04-21 "$QL" certification done "$cb3" --date 2027-04-21 \
  --report "$(artifact records/2027-04-21-certification-surveillance1-report.md)" >/dev/null
on 2027-04-21 "$QL" finding open --grade observation --clause 9.1.3 --body-audit "$cb3" \
  --owner "Priya Raman" --title "Customer satisfaction analysis could use the complaint trend" >/dev/null
echo
echo "== The certification cycle, 2027-04-21"
"$dossier" -C "$repo" --as-of 2027-04-21 certification list
echo
"$dossier" -C "$repo" --as-of 2027-04-21 finding show "$lessons" | sed -n '/^regraded/p'
"$dossier" -C "$repo" --as-of 2027-04-21 finding show "$twice" | sed -n '/^withdrawn/p'

echo
echo "== What falls due in the 30 days after $as_of (also written as an iCalendar file)"
"$dossier" -C "$repo" --as-of "$as_of" due
"$dossier" -C "$repo" --as-of "$as_of" due --format ics -o "$build/demo/harbour-due.ics" >/dev/null
echo
verdict() { [ "$1" = 0 ] && echo READY || echo "NOT READY"; }
echo "Stage 1: $(verdict $stage1)   Stage 2: $(verdict $stage2)"
echo "Stage 2 on 2026-12-14: $(verdict $stage2_then)   Decision: $(verdict $decision_before) on 2027-01-08, $(verdict $decision_after) on 2027-02-26   Surveillance 1: $(verdict $surveillance)"
echo "HTML report: $report"
echo "Calendar of what is due: $build/demo/harbour-due.ics"
echo "Evidence repository: $repo  (try: git -C $repo log --oneline | head)"
