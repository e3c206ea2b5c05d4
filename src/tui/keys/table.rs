//! The key table: every key of the TUI, where it works, what it does, how the help explains it
//! and how the footer offers it. Its order is the order of the help and of the footer.
//! Rules kept by tests: where two bindings work at once they name different keys (a wildcard
//! yields to a named key), and a help line fits 80 columns.

use crossterm::event::KeyCode::{BackTab, Backspace, Down, Enter, Esc, Left, Right, Tab, Up};

use super::Act::{Is, Typed};
use super::Key::{Char, Chars, Code, Ctrl, Other, OtherChar};
use super::{Binding, When};
use crate::tui::app::Action;

const LANG: (&str, &str) = ("English / 中文", "English / 中文");
const LANG_HINT: (&str, &str) = ("中文/English", "中文/English");
/// Tab, 1-9 and (where the workbook does not take them) ↑↓ share one row of the help.
const CHOOSE_PROCESS: (&str, &str) = (
    "choose a process (Shift-Tab: the one before; or click its lane)",
    "选择进程（Shift-Tab 选上一个；也可以点击泳道）",
);

/// Every key binding, picker first, then the lesson, the boxes drawn over them, and Ctrl-C.
pub static KEYS: &[Binding] = &[
    // The picker.
    Binding::new(
        When::Browsing,
        &[
            (Code(Up), Is(Action::PickerMove(-1))),
            (Char('k'), Is(Action::PickerMove(-1))),
            (Code(Down), Is(Action::PickerMove(1))),
            (Char('j'), Is(Action::PickerMove(1))),
        ],
        "↑↓/jk",
        ("move through the lessons", "在课程之间移动"),
    )
    .hint(1, ("move", "移动")),
    Binding::new(
        When::Filtering,
        &[(Code(Up), Is(Action::PickerMove(-1))), (Code(Down), Is(Action::PickerMove(1)))],
        "↑↓",
        ("move through the lessons that match", "在匹配的课程之间移动"),
    )
    .hint(1, ("move", "移动")),
    Binding::new(When::Picker, &[(Code(Enter), Is(Action::PickerOpen))], "Enter", ("open the lesson", "打开这一课"))
        .hint(1, ("open", "打开")),
    Binding::new(
        When::Browsing,
        &[(Char('/'), Is(Action::StartFilter))],
        "/",
        (
            "filter: type part of a name; then j, k, q, l and ? are letters too",
            "筛选：输入名字的一部分；之后 j、k、q、l、? 也算文字",
        ),
    )
    .hint(2, ("filter", "筛选")),
    Binding::new(
        When::Browsing,
        &[(OtherChar, Typed(Action::FilterPush))],
        "abc…",
        ("any other letter starts a filter with it", "其他字母直接开始筛选"),
    ),
    Binding::new(
        When::Filtering,
        &[(OtherChar, Typed(Action::FilterPush))],
        "abc…",
        ("while filtering, every letter goes into the filter", "筛选时，每个字都输入到筛选里"),
    ),
    Binding::new(
        When::Picker,
        &[(Code(Backspace), Is(Action::FilterPop))],
        "Backspace",
        ("delete the filter's last letter", "删掉筛选的最后一个字"),
    )
    .hint_only(2, ("delete", "删除"), When::Filtering),
    Binding::new(When::Filtering, &[(Code(Esc), Is(Action::FilterClear))], "Esc", ("clear the filter", "清空筛选"))
        .hint(1, ("clear", "清空")),
    Binding::new(When::Browsing, &[(Char('l'), Is(Action::ToggleLang))], "l", LANG).hint(3, LANG_HINT),
    Binding::new(When::Browsing, &[(Char('?'), Is(Action::ToggleHelp))], "?", ("this help", "本帮助"))
        .hint(0, ("help", "帮助")),
    Binding::new(
        When::Browsing,
        &[(Char('q'), Is(Action::Back)), (Code(Esc), Is(Action::Back))],
        "q Esc",
        ("quit forkbook", "退出 forkbook"),
    )
    .hint(0, ("quit", "退出")),
    // A lesson: the workbook before the run, then the run.
    Binding::new(
        When::Workbook,
        &[(Code(Up), Is(Action::WorkbookMove(-1))), (Code(Down), Is(Action::WorkbookMove(1)))],
        "↑↓",
        ("choose a question or task of the workbook", "选择练习里的问题或任务"),
    )
    .hint(2, ("question", "选题")),
    Binding::new(
        When::Ready,
        &[
            (Code(Left), Is(Action::AnswerChange(-1))),
            (Code(Right), Is(Action::AnswerChange(1))),
            (Chars('0', '9'), Typed(|c| Action::AnswerDigit(Some(c)))),
            (Code(Backspace), Is(Action::AnswerDigit(None))),
        ],
        "←→/0-9",
        (
            "predict: ←→ pick an option, or type a number (Backspace deletes)",
            "预测：←→ 选选项，或输入数字（Backspace 删除）",
        ),
    )
    .hint(2, ("answer", "作答")),
    Binding::new(
        When::Lesson,
        &[(Char(' '), Is(Action::TogglePause))],
        "space",
        ("run / pause: paused, each process waits before its next step", "运行 / 暂停：暂停时每个进程停在下一步之前"),
    )
    .hint(1, ("run/pause", "运行/暂停")),
    Binding::new(
        When::Ready,
        &[(Code(Enter), Is(Action::TogglePause))],
        "Enter",
        ("start the run, like space", "开始运行，同空格"),
    ),
    Binding::new(
        When::Ready,
        &[(Char('n'), Is(Action::Step))],
        "n",
        ("start the run paused, to step it from its very first step", "暂停着开始运行，从第一步起单步"),
    )
    .hint(3, ("start paused", "暂停着开始")),
    Binding::new(
        When::Run,
        &[(Char('n'), Is(Action::Step)), (Code(Right), Is(Action::Step))],
        "n →",
        ("one step for the chosen process: you are the scheduler", "让选中的进程走一步：你就是调度器"),
    )
    .hint_only(1, ("step", "单步"), When::Live),
    Binding::new(
        When::Run,
        &[
            (Code(Tab), Is(Action::NextLane(1))),
            (Code(BackTab), Is(Action::NextLane(-1))),
            (Chars('1', '9'), Typed(|c| Action::SelectLane(c as usize - '1' as usize))),
        ],
        "Tab/1-9",
        CHOOSE_PROCESS,
    )
    .hint(3, ("choose", "选择进程")),
    Binding::new(
        When::Lanes,
        &[(Code(Up), Is(Action::NextLane(-1))), (Code(Down), Is(Action::NextLane(1)))],
        "↑↓",
        CHOOSE_PROCESS,
    ),
    Binding::new(
        When::Run,
        &[
            (Char('+'), Is(Action::Faster)),
            (Char('='), Is(Action::Faster)),
            (Char('-'), Is(Action::Slower)),
            (Char('_'), Is(Action::Slower)),
        ],
        "+/-",
        ("faster / slower", "加速 / 减速"),
    )
    .hint_only(3, ("speed", "速度"), When::Live),
    Binding::new(
        When::Run,
        &[(Char('x'), Is(Action::KillLane))],
        "x",
        ("kill the chosen process (SIGKILL, like kill -9)", "杀死选中的进程（SIGKILL，相当于 kill -9）"),
    )
    .hint_only(3, ("kill", "杀死"), When::Live),
    Binding::new(
        When::Run,
        &[(Char('r'), Is(Action::Restart))],
        "r",
        ("run the lesson again from the start (after the end, space too)", "从头再运行一次（结束后按空格也行）"),
    )
    .hint(2, ("restart", "重来")),
    // A lesson: whatever its mode.
    Binding::new(
        When::Lesson,
        &[(Char('h'), Is(Action::Hint))],
        "h",
        ("the next hint for the chosen question or task", "显示所选问题或任务的下一条提示"),
    )
    .hint(3, ("hint", "提示")),
    Binding::new(
        When::Lesson,
        &[(Char('m'), Is(Action::ManyRuns))],
        "m",
        (
            "run the lesson 10 times and count the outcomes (not while it runs)",
            "把本课运行 10 次并统计结果（运行中不行）",
        ),
    )
    .hint_only(2, ("10 runs", "运行10次"), When::Idle),
    Binding::new(
        When::Lesson,
        &[(Char('k'), Is(Action::OpenKnobs))],
        "k",
        ("change knobs, then restart with them", "修改参数，并用新参数重新开始"),
    )
    .hint(4, ("knobs", "参数")),
    Binding::new(
        When::Lesson,
        &[(Char('s'), Is(Action::SwitchTab))],
        "s",
        ("switch between the workbook, the program and the story", "在练习、程序和故事之间切换"),
    ),
    Binding::new(When::Lesson, &[(Char('l'), Is(Action::ToggleLang))], "l", LANG).hint(5, LANG_HINT),
    Binding::new(When::Lesson, &[(Char('?'), Is(Action::ToggleHelp))], "?", ("this help", "本帮助"))
        .hint(0, ("help", "帮助")),
    Binding::new(
        When::Lesson,
        &[(Char('q'), Is(Action::Back)), (Code(Esc), Is(Action::Back))],
        "q Esc",
        ("back to the lessons (q there quits)", "返回课程列表（在那里按 q 退出）"),
    )
    .hint(0, ("back", "返回")),
    // The help box.
    Binding::new(When::HelpBox, &[(Char('l'), Is(Action::ToggleLang))], "l", LANG).hint(1, LANG_HINT),
    Binding::new(When::HelpOverPicker, &[(Char('q'), Is(Action::Back))], "q", ("quit forkbook", "退出 forkbook"))
        .hint(1, ("quit", "退出")),
    Binding::new(When::HelpBox, &[(Other, Is(Action::CloseOverlay))], "", ("close the help", "关闭帮助"))
        .hint(1, ("any other key closes", "按其他任意键关闭")),
    // The knob editor.
    Binding::new(
        When::KnobBox,
        &[
            (Code(Up), Is(Action::KnobMove(-1))),
            (Char('k'), Is(Action::KnobMove(-1))),
            (Code(Down), Is(Action::KnobMove(1))),
            (Char('j'), Is(Action::KnobMove(1))),
        ],
        "↑↓",
        ("choose a knob", "选择参数"),
    )
    .hint(1, ("choose", "选择")),
    Binding::new(
        When::KnobBox,
        &[
            (Code(Left), Is(Action::KnobChange(-1))),
            (Char('h'), Is(Action::KnobChange(-1))),
            (Char('-'), Is(Action::KnobChange(-1))),
            (Code(Right), Is(Action::KnobChange(1))),
            (Char('l'), Is(Action::KnobChange(1))),
            (Char('+'), Is(Action::KnobChange(1))),
            (Char(' '), Is(Action::KnobChange(1))),
        ],
        "←→",
        ("change the chosen knob", "修改选中的参数"),
    )
    .hint(1, ("change", "修改")),
    Binding::new(
        When::KnobBox,
        &[(Code(Enter), Is(Action::KnobApply))],
        "Enter",
        ("restart the lesson with these values", "用这些值重新开始"),
    )
    .hint(1, ("restart", "重新运行")),
    Binding::new(
        When::KnobBox,
        &[(Code(Esc), Is(Action::CloseOverlay)), (Char('q'), Is(Action::CloseOverlay))],
        "Esc q",
        ("close without changing anything", "不做修改直接关闭"),
    )
    .hint(1, ("cancel", "取消")),
    // Everywhere.
    Binding::new(
        When::Always,
        &[(Ctrl('c'), Is(Action::Quit))],
        "Ctrl-C",
        ("quit at once, from anywhere", "随时立即退出"),
    ),
];
