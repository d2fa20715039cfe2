// Recognizes a line that is nothing but a date, as scrapers leave them above or below a headline:
// "date 2025-11-28", "Date: 2024-12", "14.03.2025", "Ngày 14/3/2025", "Thứ Sáu, 14/3/2025, 10:30
// (GMT+7)", "14 березня 2025, 11:20", "02.06.2025 • 14:35", "March 14, 2025", "2025年3月14日".
// Hand-written tokenizer and grammar instead of regular expressions: it runs on the first lines of
// every document and must accept month names in many languages and inflections.
#ifndef NEWSGRAPH_SERVICES_INGEST_CORE_CLEANING_DATE_LINE_H_
#define NEWSGRAPH_SERVICES_INGEST_CORE_CLEANING_DATE_LINE_H_

#include <optional>
#include <string_view>

#include "services/ingest/core/cleaning/cleaner.h"

namespace newsgraph::ingest::cleaning {

// Returns the date when the whole of `line` (normalized: NFC, single spaces, trimmed) is a date
// with optional decorations, and nullopt otherwise. Accepted, in any combination:
//  * before the date: a label ("date", "Date:", "ngày", "дата", "ημερομηνία", "datum", "日期",
//    "published", "updated", "cập nhật", ...), a weekday name, a time, separators (: , • | - ...);
//  * the date: YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD, YYYY-MM (month precision), DD.MM.YYYY,
//    DD/MM/YYYY, DD-MM-YYYY (MM/DD/YYYY only when the day cannot be a month), MM/YYYY, "14 March
//    2025", "March 14, 2025", "March 2025", inflected month names in de, fr, uk, ru, el,
//    Vietnamese "14 tháng 3 năm 2025", CJK "2025年3月14日"; a bare 4-digit year only after a label;
//  * after the date: a time (HH:MM[:SS], am/pm, a zone such as GMT+7 or +02:00), a weekday,
//    separators.
// Validates month 1..12, the day against the month (leap years included), year 1000..9999, and
// hour/minute of times. The time is checked but not returned (precision is at most kDay).
std::optional<FoundDate> ParseDateLine(std::string_view line);

}  // namespace newsgraph::ingest::cleaning

#endif  // NEWSGRAPH_SERVICES_INGEST_CORE_CLEANING_DATE_LINE_H_
