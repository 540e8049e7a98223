"""Exams and skills stations: create, list, read with scores, save scores, import scores."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

import msgspec
from litestar import Controller, Request, get, post, put
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery, JSONBody

from backend.auth.dependencies import CurrentViewer
from backend.competencies import exam_import, exams
from backend.competencies.framework import version_on
from backend.core.clock import today_in_shanghai, utc_now
from backend.core.errors import InvalidInput, request_language
from backend.core.messages import render
from backend.core.uploads import UPLOAD_GUARDS

ONE_LINE = r"^[ \u3000]*[^\s\x00-\x1f\x7f][^\x00-\x1f\x7f]*(?![\s\S])"
Title = Annotated[str, msgspec.Meta(min_length=1, max_length=200, pattern=ONE_LINE)]
CompetencyId = Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
MaxScore = Annotated[float, msgspec.Meta(gt=0, le=exams.MAX_SCORE_LIMIT)]
Id = Annotated[int, msgspec.Meta(ge=1, le=2**31 - 1)]


class ExamIn(msgspec.Struct, forbid_unknown_fields=True):
    institution_id: Id
    competency: CompetencyId
    kind: Literal["written", "skills_station"]
    title: Title
    held_on: date
    max_score: MaxScore = 100.0
    activity_id: Id | None = None


class ScoreIn(msgspec.Struct, forbid_unknown_fields=True):
    staff_id: Id
    score: float | None


class ScoresIn(msgspec.Struct, forbid_unknown_fields=True):
    scores: Annotated[list[ScoreIn], msgspec.Meta(max_length=5000)]


class ScoresUpload(msgspec.Struct):
    file: UploadFile | None = None


class CompetencyChoiceOut(msgspec.Struct):
    id: str  # the form sends it back; never shown
    name: str
    methods: list[str]
    pass_mark: float | None


class ExamOut(msgspec.Struct):
    id: int
    institution_id: int
    institution_name: str
    competency: str
    competency_name: str
    kind: str
    title: str
    held_on: date
    max_score: float
    pass_mark: float | None  # out of 100, as the framework writes it
    pass_score: float | None  # out of this exam's max_score
    activity_id: int | None
    activity_title: str | None
    sat: int
    passed: int


class ExamListOut(msgspec.Struct):
    exams: list[ExamOut]
    competencies: list[CompetencyChoiceOut]  # those an exam or station may assess today


class PersonScoreOut(msgspec.Struct):
    staff_id: int
    name: str
    staff_number: str
    department: str | None
    score: float | None
    passed: bool | None


class ExamDetailOut(msgspec.Struct):
    exam: ExamOut
    people: list[PersonScoreOut]


class ScoresSavedOut(msgspec.Struct):
    changed: bool
    passed: int
    failed: int
    imported: int | None = None


def exam_out(row: dict, lang: str) -> ExamOut:
    competency = version_on(row["held_on"]).competency(row["competency"])
    mark = competency.pass_mark if competency else None
    return ExamOut(
        id=row["id"], institution_id=row["institution"],
        institution_name=row["institution.name_zh"], competency=row["competency"],
        competency_name=exams.competency_named(competency, lang) or "—", kind=row["kind"],
        title=row["title"], held_on=row["held_on"], max_score=row["max_score"], pass_mark=mark,
        pass_score=round(mark * row["max_score"] / 100, 2) if mark is not None else None,
        activity_id=row["activity"], activity_title=row["activity.title"],
        sat=row.get("sat", 0), passed=row.get("passed", 0),
    )  # fmt: skip


def choices(lang: str, method: set[str]) -> list[CompetencyChoiceOut]:
    framework = version_on(today_in_shanghai())
    return [
        CompetencyChoiceOut(c.id, exams.competency_named(c, lang), list(c.methods), c.pass_mark)
        for c in framework.competencies
        if method & set(c.methods)
    ]


def rendered(exc: exams.Rejected, lang: str) -> InvalidInput:
    """Every bad entry in the reader's language: in `details`, and the first ones in the
    message itself (第 4 行：工号“X”不是本院人员)."""
    lines = []
    for p in exc.problems:
        where = render(f"competency_exam_where_{exc.source}", lang, row=p.row)
        if p.name:
            where += f"（{p.name}）" if lang == "zh" else f" ({p.name})"
        problem = render(p.code, lang, **{"staff_number": p.staff_number, **p.params})
        lines.append({"row": p.row, "staff_number": p.staff_number, "name": p.name,
                      "code": p.code, "message": f"{where}{'：' if lang == 'zh' else ': '}{problem}"})  # fmt: skip
    separator = "；" if lang == "zh" else "; "
    shown = separator.join(line["message"] for line in lines[:5])
    if len(lines) > 5:
        shown += separator + "…"
    return InvalidInput("competency_exam_scores_rejected", details=lines, count=len(lines),
                        problems=shown)  # fmt: skip


class CompetencyExamController(Controller):
    path = "/api/competency-exams"
    tags = ["competencies"]

    @post("/", status_code=201)
    async def create(
        self, request: Request, viewer: CurrentViewer, data: JSONBody[ExamIn]
    ) -> ExamDetailOut:
        """The officer of the institution (or the administrator) records an exam or station."""
        new = exams.NewExam(data.institution_id, data.competency, data.kind, data.title,
                            data.held_on, data.max_score, data.activity_id)  # fmt: skip
        exam_id = await exams.create_exam(viewer, new, today_in_shanghai(), utc_now())
        return await _detail(request, viewer, exam_id)

    @get("/")
    async def list_exams(
        self, request: Request, viewer: CurrentViewer, institution: FromQuery[int]
    ) -> ExamListOut:
        """The institution's exams, newest first, with how many sat and passed; not for staff."""
        lang = request_language(request)
        rows = await exams.list_exams(viewer, institution)
        return ExamListOut([exam_out(r, lang) for r in rows],
                           choices(lang, {"written", "skills_station"}))  # fmt: skip

    @get("/{exam_id:int}")
    async def show(
        self, request: Request, viewer: CurrentViewer, exam_id: FromPath[int]
    ) -> ExamDetailOut:
        """The exam and everyone who may sit it, with their score (None: not scored)."""
        return await _detail(request, viewer, exam_id)

    @put("/{exam_id:int}/scores")
    async def save_scores(
        self, request: Request, viewer: CurrentViewer, exam_id: FromPath[int],
        data: JSONBody[ScoresIn],
    ) -> ScoresSavedOut:  # fmt: skip
        """`{"scores": [{"staff_id", "score"}]}`: the whole list, replacing the exam's scores;
        every bad entry is named, nothing written."""
        entries = [(s.staff_id, s.score) for s in data.scores]
        try:
            result = await exams.replace_scores(viewer, exam_id, entries, utc_now())
        except exams.Rejected as exc:
            raise rendered(exc, request_language(request)) from None
        return ScoresSavedOut(**result)

    @post("/{exam_id:int}/scores/import", status_code=200, guards=UPLOAD_GUARDS)
    async def import_scores(
        self, request: Request, viewer: CurrentViewer, exam_id: FromPath[int],
        data: Annotated[ScoresUpload, Body(media_type=RequestEncodingType.MULTI_PART)],
    ) -> ScoresSavedOut:  # fmt: skip
        """An .xlsx with columns 工号 and 成绩: all or nothing, bad rows named by number."""
        if data.file is None or not data.file.filename:
            await exams.writable_exam(viewer, exam_id)
            raise InvalidInput("competency_exam_import_no_file")
        content = await data.file.read()
        try:
            result = await exam_import.import_scores(viewer, exam_id, data.file.filename,
                                                     content, utc_now())  # fmt: skip
        except exams.Rejected as exc:
            raise rendered(exc, request_language(request)) from None
        return ScoresSavedOut(**result)


async def _detail(request: Request, viewer, exam_id: int) -> ExamDetailOut:
    lang = request_language(request)
    exam, people = await exams.exam_detail(viewer, exam_id)
    return ExamDetailOut(
        exam_out(exam, lang),
        [PersonScoreOut(p["id"], p["name"], p["staff_number"], p["department.name_zh"],
                        p["score"], p["passed"]) for p in people],
    )  # fmt: skip
