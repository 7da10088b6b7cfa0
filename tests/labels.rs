//! Process labels under the process diagram's circles: wrapped to two short lines, cut with an
//! ellipsis beyond that, so that they stay clear of the channels' arrowheads (issue 24, item 20).

use snapshot_lab::i18n::columns;
use snapshot_lab::view::topology_layout::{label_lines, LABEL_COLUMNS};

#[test]
fn short_labels_are_one_line_and_whole() {
    assert_eq!(label_lines("Paris"), (vec!["Paris".to_string()], false));
    assert_eq!(label_lines("Bank branch A"), (vec!["Bank branch A".to_string()], false));
}

#[test]
fn a_long_label_wraps_at_spaces() {
    let (lines, cut) = label_lines("Frankfurt data centre (primary)");
    assert_eq!(lines, vec!["Frankfurt data".to_string(), "centre (primary)".to_string()]);
    assert!(!cut);
}

#[test]
fn a_longer_label_is_cut_with_an_ellipsis_and_every_line_fits() {
    for label in [
        "Frankfurt data centre (primary, eu-central-1, rack 12)",
        "Supercalifragilisticexpialidocious-node-number-one",
        "프랑크푸르트 데이터 센터 기본 복제본 서버",
        "法兰克福数据中心主服务器副本节点之一",
    ] {
        let (lines, cut) = label_lines(label);
        assert!(cut, "{label}");
        assert_eq!(lines.len(), 2, "{label}: {lines:?}");
        assert!(lines[1].ends_with('…'), "{lines:?}");
        for line in &lines {
            assert!(columns(line) <= LABEL_COLUMNS, "{line:?} is {} columns", columns(line));
            assert!(!line.is_empty());
        }
    }
}
