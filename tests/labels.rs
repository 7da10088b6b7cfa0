//! Process labels under the process diagram's circles: wrapped to short lines so that they stay
//! clear of the channels' arrowheads (issue 24, item 20), whole (the lines joined are the label),
//! and cut with an ellipsis only beyond four lines.

use snapshot_lab::i18n::columns;
use snapshot_lab::view::topology_layout::{label_lines, LABEL_COLUMNS, LABEL_LINES};

fn fits(lines: &[String]) {
    for line in lines {
        assert!(columns(line.trim_end()) <= LABEL_COLUMNS, "{line:?} is {} columns", columns(line.trim_end()));
        assert!(!line.trim().is_empty(), "{lines:?}");
    }
}

#[test]
fn short_labels_are_one_line() {
    assert_eq!(label_lines("Paris"), (vec!["Paris".to_string()], false));
    assert_eq!(label_lines("Bank branch A"), (vec!["Bank branch A".to_string()], false));
}

#[test]
fn long_labels_wrap_at_spaces_and_stay_whole() {
    let (lines, cut) = label_lines("Frankfurt data centre (primary)");
    assert_eq!(lines, vec!["Frankfurt data ".to_string(), "centre (primary)".to_string()]);
    assert!(!cut);
    for label in [
        "Spine Switch 1 (Programmable)",
        "javascript:window.__pwned=1",
        "<img src=x onerror=alert(1)> and more words here",
        "프랑크푸르트 데이터 센터 기본 복제본 서버",
        "法兰克福数据中心主服务器副本节点之一",
    ] {
        let (lines, cut) = label_lines(label);
        assert!(!cut, "{label}");
        assert!(lines.len() >= 2, "{label}: {lines:?}");
        assert_eq!(lines.concat(), label, "the lines joined are the label");
        fits(&lines);
    }
}

#[test]
fn only_a_label_beyond_four_lines_is_cut_with_an_ellipsis() {
    let label = "法".repeat(48);
    let (lines, cut) = label_lines(&label);
    assert!(cut);
    assert_eq!(lines.len(), LABEL_LINES);
    assert!(lines[LABEL_LINES - 1].ends_with('…'), "{lines:?}");
    fits(&lines);
}
