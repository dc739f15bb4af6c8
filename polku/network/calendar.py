"""An iCalendar (RFC 5545) file for a joint meeting. A calendar may live outside any secure
system, so the file names no client: only the time, the place the worker wrote for the
participants, and a link back to Polku."""

from datetime import UTC, datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from polku.network.models import NetworkMeeting


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space."""
    raw = line.encode()
    if len(raw) <= 75:
        return line
    parts: list[str] = []
    current = b""
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > (75 if not parts else 74):
            parts.append(current.decode())
            current = b""
        current += encoded
    parts.append(current.decode())
    return "\r\n ".join(parts)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def meeting_ics(meeting: NetworkMeeting, link: str, host: str) -> str:
    summary = _("Joint meeting of the client network")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Polku//Joint meeting//FI",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:polku-meeting-{meeting.pk}@{host}",
        f"DTSTAMP:{_utc(timezone.now())}",
        f"DTSTART:{_utc(meeting.starts_at)}",
        f"DTEND:{_utc(meeting.ends_at)}",
        f"SUMMARY:{_escape(summary)}",
        f"LOCATION:{_escape(meeting.place_details or str(meeting.get_place_display()))}",
        f"DESCRIPTION:{_escape(link)}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
