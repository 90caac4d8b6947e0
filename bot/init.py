"""`python -m bot init [--dir DIR] [--force]`: a few questions, then a `.env` to start from.

Asks, in Arabic or English, for the policy (a preset, the association's own document,
imported into `policy.toml`, or a .toml file), the Telegram token, the Twilio account for
WhatsApp and the phone line, and the admins; writes `.env` (mode 0600, never over an
existing one without --force) and says what to do next. A wrong answer is asked again
with the reason. Ctrl-C or Ctrl-D stops it with nothing written.

`run(folder, ask=..., say=...)` takes the prompt and the printer (and `secret`, the
prompt that hides what is typed), so the tests drive it with scripted answers.
"""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

import phonenumbers

from bot import policy as policy_files
from bot.settings import WEBHOOK_PORTS

Ask = Callable[[str], str]
Say = Callable[[str], None]
T = TypeVar("T")

TOKEN = re.compile(r"\d+:[A-Za-z0-9_-]{35}")
"""A bot token as @BotFather gives it: the bot's id, a colon, 35 characters."""
ACCOUNT_SID = re.compile(r"AC[0-9a-fA-F]{32}")
AUTH_TOKEN = re.compile(r"[0-9a-fA-F]{32}")
DOCUMENTS = (".txt", ".md", ".docx", ".pdf")
POLICY_FILE = "policy.toml"
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "0123456789" * 2)
_PLAIN = re.compile(r"[\w@%+=:,./-]*")

_LANGUAGE = "اللغة / Language:\n  1. العربية\n  2. English\n[1]:"
_EXISTS = """\
يوجد ملف ‎.env في {folder} من قبل، ولم يتغير شيء. لإعادة الإعداد: python -m bot init --force
{folder} already has a .env; nothing changed. To start again: python -m bot init --force"""

TEXT: dict[str, dict[str, str]] = {
    "ar": {
        "welcome": "أهلًا بك! بضعة أسئلة، ثم يُكتب ملف الإعدادات ‎.env في {folder}. "
        "للخروج دون كتابة شيء: Ctrl+C.",
        "policy": "ما سياسة جمعيتك؟ اختر رقم جمعية:",
        "or_path": "أو اكتب مسار وثيقة سياسة جمعيتك (‎.txt أو ‎.md أو ‎.docx أو ‎.pdf) "
        "أو مسار ملف سياسة ‎.toml.",
        "policy_prompt": "الرقم أو المسار:",
        "no_file": "لا يوجد ملف في {path}.",
        "not_policy": "اكتب رقمًا من القائمة، أو مسار ملف ‎.txt أو ‎.md أو ‎.docx أو ‎.pdf أو ‎.toml.",
        "quote": "لا يصلح في ‎.env مسار فيه علامة ' : انقل الملف أو غيّر اسمه.",
        "bad_toml": "في هذا الملف {count} مشكلة، أولها: {first}\n"
        "  لرؤيتها كلها: python -m bot check-policy {path}",
        "not_imported": "تعذّر إعداد سياسة من هذه الوثيقة:",
        "policy_exists": "في {folder} ملف policy.toml من قبل: اكتب مساره لاستخدامه، "
        "أو أعد التشغيل مع ‎--force لاستبداله.",
        "imported": "استُوردت سياسة «{name}»، وستُكتب في policy.toml بجانب ‎.env.",
        "todos": "ما لم تذكره الوثيقة ({count})، فراجعه في policy.toml:",
        "check": "ثم تحقّق من الملف: python -m bot check-policy policy.toml",
        "chosen": "السياسة: {name}",
        "telegram": "رمز بوت تيليجرام من ‎@BotFather (مثل ‎123456789:AA…)، "
        "أو اتركه فارغًا إن لم تستخدم تيليجرام الآن. لا يظهر ما تكتبه:",
        "bad_token": "هذا لا يشبه رمز ‎@BotFather: أرقام، ثم «:»، ثم 35 حرفًا. انسخه كاملًا.",
        "whatsapp": "هل تستخدم واتساب (عبر Twilio)؟",
        "yes": "نعم",
        "no": "لا",
        "choice": "الرقم [{default}]:",
        "bad_choice": "اكتب رقمًا من 1 إلى {last}.",
        "sid": "معرّف حساب Twilio ‏(Account SID، يبدأ بـ AC):",
        "bad_sid": "المعرّف AC ثم 32 حرفًا من 0-9 وa-f.",
        "auth": "رمز المصادقة (Auth Token) من لوحة Twilio. لا يظهر ما تكتبه:",
        "bad_auth": "رمز المصادقة 32 حرفًا من 0-9 وa-f.",
        "sender": "رقم واتساب الذي يرسل منه البوت (مثل ‎+9665…):",
        "bad_sender": "هذا ليس رقم هاتف صحيحًا؛ اكتبه بمفتاح الدولة، مثل ‎+966512345678.",
        "url": "العنوان العام بـ HTTPS الذي يصل منه Twilio إلى البوت (مثل https://bot.example.org):",
        "bad_url": "يبدأ بـ https://‎ ثم اسم الموقع، وإن ذُكر منفذ فهو 443 أو 80 أو 88 أو 8443.",
        "voice": "وهل يجيب البوت على المكالمات الواردة إلى رقم Twilio أيضًا؟",
        "admins": "المشرفون يهيّئون البوت من تيليجرام: يرسل المشرف ‎/setup في مجموعة الموظفين. "
        "اكتب أرقام حساباتهم في تيليجرام (أرقامًا لا أسماء مستخدمين) بينها فواصل، "
        "أو اتركه فارغًا:",
        "bad_admins": "أرقام فقط بينها فواصل، مثل ‎123456789,987654321.",
        "written": "كُتب {path} (لك وحدك قراءته).",
        "written_policy": "وكُتب {path}.",
        "next": "الخطوات التالية:",
        "run": "شغّل البوت: {command} (أو docker compose up -d).",
        "group": "أضف البوت إلى مجموعة الموظفين في تيليجرام، "
        "واجعله مشرفًا بصلاحية «إدارة المواضيع».",
        "setup": "أرسل ‎/setup في تلك المجموعة من حساب أحد المشرفين.",
        "setup_alone": "أرسل ‎/setup في تلك المجموعة، بعد أن تضع رقم حسابك في BOT_ADMINS في ‎.env.",
        "hook": "في Twilio، اجعل عنوان الرسائل الواردة لمُرسل واتساب: {url}/whatsapp",
        "hook_voice": "واجعل «A call comes in» لرقم الهاتف: {url}/voice",
        "no_telegram": "مكتب الموظفين مجموعة في تيليجرام: حين يصلك رمز من ‎@BotFather "
        "ضعه في ‎.env في BOT_TELEGRAM_TOKEN.",
        "console": "وبلا منصة محادثة، يفتح {command} المحادثة في هذه الطرفية لتجربة السياسة.",
        "stopped": "توقّف الإعداد، ولم يُكتب شيء.",
    },
    "en": {
        "welcome": "Welcome! A few questions, then the settings file .env is written in "
        "{folder}. To leave without writing anything: Ctrl+C.",
        "policy": "Which policy is yours? Pick an association's number:",
        "or_path": "or type the path of your association's policy document (.txt, .md, "
        ".docx or .pdf) or of a .toml policy file.",
        "policy_prompt": "Number or path:",
        "no_file": "There is no file at {path}.",
        "not_policy": "Type a number from the list, or the path of a .txt, .md, .docx, .pdf "
        "or .toml file.",
        "quote": "A path with ' cannot go in .env: move or rename the file.",
        "bad_toml": "This file has {count} problem(s), the first: {first}\n"
        "  To see them all: python -m bot check-policy {path}",
        "not_imported": "No policy could be drafted from this document:",
        "policy_exists": "{folder} already has a policy.toml: type its path to use it, or "
        "run again with --force to replace it.",
        "imported": "Imported the policy of «{name}»; it will be written to policy.toml "
        "beside .env.",
        "todos": "What the document does not state ({count}); check it in policy.toml:",
        "check": "Then check the file: python -m bot check-policy policy.toml",
        "chosen": "Policy: {name}",
        "telegram": "The Telegram bot token from @BotFather (like 123456789:AA…), or "
        "nothing for no Telegram yet. What you type is not shown:",
        "bad_token": "That does not look like a @BotFather token: digits, then «:», then "
        "35 characters. Copy it whole.",
        "whatsapp": "Do you use WhatsApp (through Twilio)?",
        "yes": "Yes",
        "no": "No",
        "choice": "Number [{default}]:",
        "bad_choice": "Type a number from 1 to {last}.",
        "sid": "The Twilio Account SID (starts with AC):",
        "bad_sid": "The SID is AC and then 32 characters of 0-9 and a-f.",
        "auth": "The Auth Token from the Twilio console. What you type is not shown:",
        "bad_auth": "The Auth Token is 32 characters of 0-9 and a-f.",
        "sender": "The WhatsApp number the bot sends from (like +9665…):",
        "bad_sender": "That is not a valid phone number; write it with the country code, "
        "like +966512345678.",
        "url": "The public HTTPS address Twilio reaches the bot at (like https://bot.example.org):",
        "bad_url": "It starts with https:// and a host name; a port, if any, is 443, 80, "
        "88 or 8443.",
        "voice": "Should the bot answer calls to the Twilio number too?",
        "admins": "Admins set the bot up from Telegram: an admin sends /setup in the staff "
        "group. Type their Telegram user ids (numbers, not usernames), comma-separated, "
        "or nothing:",
        "bad_admins": "Numbers only, comma-separated, like 123456789,987654321.",
        "written": "Wrote {path} (only you can read it).",
        "written_policy": "Wrote {path}.",
        "next": "Next:",
        "run": "Start the bot: {command} (or docker compose up -d).",
        "group": "Add the bot to the staff group on Telegram and make it an admin with "
        "«Manage topics».",
        "setup": "Send /setup in that group from an admin's account.",
        "setup_alone": "Send /setup in that group, once your Telegram user id is in "
        "BOT_ADMINS in .env.",
        "hook": "In Twilio, set the WhatsApp sender's «when a message comes in» to: {url}/whatsapp",
        "hook_voice": "and the number's «A call comes in» to: {url}/voice",
        "no_telegram": "The staff desk is a Telegram group: when you have a token from "
        "@BotFather, put it in .env as BOT_TELEGRAM_TOKEN.",
        "console": "With no chat platform, {command} opens the chat in this terminal, to "
        "try the policy.",
        "stopped": "Stopped; nothing was written.",
    },
}


class Again(ValueError):
    """An answer that cannot be taken; its message says why, in the chosen language."""


@dataclass
class Answers:
    """What the operator answered; `draft` is the imported policy's TOML, if any."""

    policy: str = ""
    draft: str | None = None
    telegram_token: str = ""
    twilio_account_sid: str = ""
    twilio_auth_token: str = ""
    twilio_whatsapp_from: str = ""
    public_url: str = ""
    twilio_voice: bool = False
    admins: list[str] = field(default_factory=list)

    def env(self) -> str:
        """The .env file: only what was asked (the deploy files set the data folder)."""
        lines = {
            "# The association's policy: a preset or a .toml file.": {"POLICY": self.policy},
            "# Telegram (empty: not yet).": {"TELEGRAM_TOKEN": self.telegram_token},
            "# WhatsApp and the phone line through Twilio (empty: not used).": {
                "TWILIO_ACCOUNT_SID": self.twilio_account_sid,
                "TWILIO_AUTH_TOKEN": self.twilio_auth_token,
                "TWILIO_WHATSAPP_FROM": self.twilio_whatsapp_from,
                "PUBLIC_URL": self.public_url,
                "TWILIO_VOICE": "1" if self.twilio_voice else "0",
            },
            "# Telegram user ids who may send /setup and /staff add.": {
                "ADMINS": ",".join(self.admins)
            },
        }
        text = "# Written by `python -m bot init`; every other setting is in .env.example.\n"
        for comment, values in lines.items():
            text += f"\n{comment}\n"
            text += "".join(f"BOT_{name}={_quoted(value)}\n" for name, value in values.items())
        return text


def _quoted(value: str) -> str:
    """A value as .env files read it (systemd, Docker Compose and python-dotenv alike)."""
    return value if _PLAIN.fullmatch(value) else f"'{value}'"


class Interview:
    """The questions, each asked again until its answer can be taken."""

    def __init__(self, folder: Path, force: bool, ask: Ask, say: Say, secret: Ask) -> None:
        self.folder, self.force = folder, force
        self.ask, self.say, self.secret = ask, say, secret
        self.lang = "ar"

    def t(self, key: str, **values: object) -> str:
        """An interface string in the chosen language."""
        return TEXT[self.lang][key].format(**values)

    def question(self, prompt: str, take: Callable[[str], T], hidden: bool = False) -> T:
        """Ask until `take` accepts the answer; say its reason each time it does not."""
        while True:
            answer = (self.secret if hidden else self.ask)(f"{prompt} ").strip()
            try:
                return take(answer)
            except Again as exc:
                self.say(f"  {exc}")

    def choose(
        self, prompt: str, options: list[str], default: int = 1, also: dict[str, int] | None = None
    ) -> int:
        """A numbered choice (1 is the first option), by its number, its words or words in
        `also`; empty is the default."""
        named = {option.casefold(): n for n, option in enumerate(options, 1)} | (also or {})
        self.say(prompt)
        for number, option in enumerate(options, 1):
            self.say(f"  {number}. {option}")

        def take(answer: str) -> int:
            if not answer:
                return default
            number = _number(answer) or named.get(answer.casefold().strip(" .!"))
            if number is None or not 1 <= number <= len(options):
                raise Again(self.t("bad_choice", last=len(options)))
            return number

        return self.question(self.t("choice", default=default), take)

    def yes(self, prompt: str) -> bool:
        """A yes-or-no question; no unless told otherwise."""
        return self.choose(prompt, [self.t("yes"), self.t("no")], default=2, also=_YES_NO) == 1

    def all(self) -> Answers:
        """Every question, in order."""
        self.lang = "en" if self.question(_LANGUAGE, _language) else "ar"
        self.say(self.t("welcome", folder=self.folder.resolve()))
        answers = Answers()
        self.policy(answers)
        answers.telegram_token = self.question(self.t("telegram"), self.token, hidden=True)
        if self.yes(self.t("whatsapp")):
            answers.twilio_account_sid = self.question(self.t("sid"), self.sid)
            answers.twilio_auth_token = self.question(self.t("auth"), self.auth, hidden=True)
            answers.twilio_whatsapp_from = self.question(self.t("sender"), self.sender)
            answers.public_url = self.question(self.t("url"), self.url)
            answers.twilio_voice = self.yes(self.t("voice"))
        if answers.telegram_token:
            answers.admins = self.question(self.t("admins"), self.admins)
        return answers

    def policy(self, answers: Answers) -> None:
        """A preset by number, or the path of a document to import or of a .toml file."""
        names = policy_files.preset_names()
        self.say(self.t("policy"))
        for number, name in enumerate(names, 1):
            self.say(f"  {number}. {policy_files.load(name).association.name.ar} ({name})")
        self.say(self.t("or_path"))

        def take(answer: str) -> tuple[str, str | None]:
            number = _number(answer)
            if number is not None and not 1 <= number <= len(names):
                raise Again(self.t("not_policy"))
            if number is not None:
                answer = names[number - 1]
            if answer in names:
                self.say(self.t("chosen", name=policy_files.load(answer).association.name.ar))
                return answer, None
            return self.policy_file(_path(answer))

        answers.policy, answers.draft = self.question(self.t("policy_prompt"), take)

    def policy_file(self, path: Path) -> tuple[str, str | None]:
        """The setting for a .toml file, or an imported document's draft."""
        if not (path.name and path.is_file()):
            raise Again(self.t("no_file", path=path) if path.name else self.t("not_policy"))
        suffix = path.suffix.lower()
        if suffix == ".toml":
            return self.toml(path), None
        if suffix not in DOCUMENTS:
            raise Again(self.t("not_policy"))
        if (self.folder / POLICY_FILE).exists() and not self.force:
            raise Again(self.t("policy_exists", folder=self.folder))
        from bot import policy_import  # python-docx and pypdf load only to import a document

        try:
            draft = policy_import.draft(path)
        except policy_import.NotImported as exc:
            raise Again("\n  ".join([self.t("not_imported"), *exc.problems])) from None
        self.say(self.t("imported", name=draft.policy.association.name.ar))
        if draft.todos:
            self.say(self.t("todos", count=len(draft.todos)))
            for todo in draft.todos:
                self.say(f"  {todo}")
        self.say(self.t("check"))
        return POLICY_FILE, draft.toml

    def toml(self, path: Path) -> str:
        """The setting naming a valid .toml policy: relative when it is beside .env."""
        if "'" in str(path) or "\n" in str(path):
            raise Again(self.t("quote"))
        try:
            policy = policy_files.load(str(path))
        except policy_files.PolicyError as exc:
            first = exc.problems[0]
            problems = len(exc.problems)
            raise Again(self.t("bad_toml", count=problems, first=first, path=path)) from None
        self.say(self.t("chosen", name=policy.association.name.ar))
        folder = self.folder.resolve()
        full = path.resolve()
        return str(full.relative_to(folder) if full.is_relative_to(folder) else full)

    def token(self, answer: str) -> str:
        """A bot token from @BotFather, or nothing."""
        if answer and not TOKEN.fullmatch(answer):
            raise Again(self.t("bad_token"))
        return answer

    def sid(self, answer: str) -> str:
        """The Twilio account's SID."""
        if not ACCOUNT_SID.fullmatch(answer):
            raise Again(self.t("bad_sid"))
        return answer

    def auth(self, answer: str) -> str:
        """The Twilio account's auth token."""
        if not AUTH_TOKEN.fullmatch(answer):
            raise Again(self.t("bad_auth"))
        return answer

    def sender(self, answer: str) -> str:
        """The WhatsApp sender, as Twilio names it: `whatsapp:+E164`."""
        number = answer.removeprefix("whatsapp:").translate(_DIGITS)
        try:
            parsed = phonenumbers.parse(number, "SA")
        except phonenumbers.NumberParseException:
            parsed = None
        if parsed is None or not phonenumbers.is_valid_number(parsed):
            raise Again(self.t("bad_sender"))
        return "whatsapp:" + phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)

    def url(self, answer: str) -> str:
        """The public HTTPS root, on a port Telegram and Twilio call."""
        parts = urlsplit(answer)
        try:
            port = parts.port or 443
        except ValueError:
            port = 0
        plain = _PLAIN.fullmatch(answer)
        if parts.scheme != "https" or not parts.hostname or port not in WEBHOOK_PORTS or not plain:
            raise Again(self.t("bad_url"))
        return answer.rstrip("/")

    def admins(self, answer: str) -> list[str]:
        """Telegram user ids, comma-separated (Arabic digits and commas too)."""
        ids = [part for part in re.split(r"[\s,،]+", answer.translate(_DIGITS)) if part]
        if not all(part.isascii() and part.isdigit() for part in ids):
            raise Again(self.t("bad_admins"))
        return ids

    def next_steps(self, answers: Answers, written: list[Path]) -> None:
        """What was written (never a secret), then what to do next."""
        env, *policy = written
        self.say("")
        self.say(self.t("written", path=env))
        for path in policy:
            self.say(self.t("written_policy", path=path))
        command = "python -m bot run"
        if self.folder.resolve() != Path.cwd().resolve():
            command = f"cd {shlex.quote(str(self.folder))} && {command}"
        steps = [self.t("run", command=command)]
        if answers.telegram_token:
            setup = "setup" if answers.admins else "setup_alone"
            steps += [self.t("group"), self.t(setup)]
        if answers.twilio_account_sid:
            hooks = self.t("hook", url=answers.public_url)
            if answers.twilio_voice:
                hooks += "\n     " + self.t("hook_voice", url=answers.public_url)
            steps.append(hooks)
        self.say(self.t("next"))
        for number, step in enumerate(steps, 1):
            self.say(f"  {number}. {step}")
        if not answers.telegram_token:
            self.say(self.t("no_telegram"))
            if not answers.twilio_account_sid:
                self.say(self.t("console", command="python -m bot run"))


_YES_NO = {
    **dict.fromkeys(("نعم", "ايه", "إيه", "اي", "أي", "ايوه", "أيوه", "yes", "y"), 1),
    **dict.fromkeys(("لا", "لأ", "no", "n"), 2),
}
"""Yes and no as people type them, beside 1 and 2."""


def _number(answer: str) -> int | None:
    """A number typed in either digit set, else None."""
    digits = answer.translate(_DIGITS)
    return int(digits) if digits.isascii() and digits.isdigit() else None


def _language(answer: str) -> bool:
    """Whether English was chosen (1, or nothing, is Arabic)."""
    answer = answer.translate(_DIGITS).lower()
    if answer in {"", "1", "ar", "عربي", "العربية"}:
        return False
    if answer in {"2", "en", "english", "e"}:
        return True
    raise Again("1 أو 2 / 1 or 2")


def _path(answer: str) -> Path:
    """A path as typed or dropped into a terminal (quoted, or with escaped spaces)."""
    if len(answer) > 1 and answer[0] == answer[-1] and answer[0] in "'\"":
        answer = answer[1:-1]
    return Path(answer.replace("\\ ", " ")).expanduser()


def write(folder: Path, answers: Answers, force: bool) -> list[Path]:
    """Write .env (0600; FileExistsError if there is one and not `force`) and the imported
    policy beside it; return what was written, .env first."""
    folder.mkdir(parents=True, exist_ok=True)
    env = folder / ".env"
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | (0 if force else os.O_EXCL)
    descriptor = os.open(env, flags, 0o600)
    os.fchmod(descriptor, 0o600)  # an older .env replaced with --force may have been wider
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        out.write(answers.env())
    if answers.draft is None:
        return [env]
    policy = folder / POLICY_FILE
    policy.write_text(answers.draft, encoding="utf-8")
    return [env, policy]


def run(
    folder: Path,
    *,
    force: bool = False,
    ask: Ask = input,
    say: Say = print,
    secret: Ask | None = None,
) -> int:
    """The guided start: 0 when .env was written, 1 when nothing was."""
    if (folder / ".env").exists() and not force:
        say(_EXISTS.format(folder=folder.resolve()))
        return 1
    interview = Interview(folder, force, ask, say, secret or ask)
    try:
        answers = interview.all()
    except (EOFError, KeyboardInterrupt):
        say("")
        say(interview.t("stopped"))
        return 1
    try:
        written = write(folder, answers, force)
    except FileExistsError:
        say(_EXISTS.format(folder=folder.resolve()))
        return 1
    interview.next_steps(answers, written)
    return 0
