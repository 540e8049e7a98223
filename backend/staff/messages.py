"""Messages of uploads: spreadsheets past their limits, unreadable files, broken upload forms,
roster imports cut short. The numbers come from backend/staff/spreadsheet.py, so each message
names the limit it enforces."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "spreadsheet_too_many_rows": {
        "zh": "表格最多 {limit} 行，第 {row} 行已超出。请删去多余的行（包括表格末尾带格式的空行），"
        "或分成几个文件分别上传。",
        "en": "A sheet may have at most {limit} rows; row {row} is past that. Delete the extra rows "
        "(formatted blank rows at the end too) or split the file.",
    },
    "spreadsheet_too_many_columns": {
        "zh": "表格最多 {limit} 列，第 {row} 行第 {column} 列之后仍有内容。请删去表格右侧多余的列后再上传。",
        "en": "A sheet may have at most {limit} columns; row {row} has content in column {column}. "
        "Delete the extra columns on the right and upload again.",
    },
    "spreadsheet_unpacks_too_large": {
        "zh": "这个 Excel 文件解压后超过 {limit_mb} MB（或压缩比超过 {ratio} 倍），不像正常的名册。"
        "请删除多余的工作表、图片和格式，在 Excel 中另存为 .xlsx 后再上传。",
        "en": "This Excel file unpacks to more than {limit_mb} MB (or packs more than {ratio} to 1), "
        "which no roster does. Remove extra sheets, pictures and formatting, save as .xlsx and "
        "upload again.",
    },
    "spreadsheet_too_slow": {
        "zh": "表格内容太多或格式过于复杂，{seconds} 秒内只读到第 {row} 行。请删去多余的列、空白格式和图片，"
        "或分成几个文件分别上传。",
        "en": "The sheet is too big or too heavily formatted: {seconds} seconds only reached row "
        "{row}. Delete extra columns, blank formatting and pictures, or split the file.",
    },
    "spreadsheet_damaged": {
        "zh": "Excel 文件已损坏或内容格式不对，无法读取。请在 Excel 中打开并另存为 .xlsx 后再上传。",
        "en": "The Excel file is damaged or malformed and cannot be read. Open it in Excel, save it "
        "as .xlsx and upload again.",
    },
    "csv_cell_too_long": {
        "zh": "CSV 文件第 {row} 行有一个单元格超过 {limit_kb} KB，无法读取。"
        "通常是某个引号没有配对，把后面的内容都并进了一个单元格；请改正后再上传。",
        "en": "Row {row} of the CSV file has a cell over {limit_kb} KB. Usually a quote is not "
        "closed and swallows the rest of the file; fix it and upload again.",
    },
    "csv_bad_line": {
        "zh": "CSV 文件第 {row} 行格式不对（单元格内有单独的回车符，或引号没有配对）。"
        "请在 Excel 中打开并另存为 CSV 或 .xlsx 后再上传。",
        "en": "Row {row} of the CSV file is malformed (a stray carriage return inside a cell, or "
        "an unclosed quote). Open it in Excel, save as CSV or .xlsx and upload again.",
    },
    "upload_malformed": {
        "zh": "上传的内容不完整或格式不对，没有收到文件。请重新选择文件上传。",
        "en": "The upload was incomplete or malformed and no file arrived. Choose the file and "
        "upload again.",
    },
    "roster_import_interrupted": {
        "zh": "导入中断，未写入任何人员，请重新上传。",
        "en": "The import was interrupted and no staff were written. Please upload the file again.",
    },
}
