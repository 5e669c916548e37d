from classifier.config import SegmentConfig
from classifier.segment import heading_key, segment_pages


def test_markdown_headings_become_passage_headings_and_pages_are_kept():
    first = "Nous ferons une campagne auprès des familles du quartier et des étudiants de la ville voisine."
    pages = [f"# Plan\n\n## Axe 1 — Publics\n\n{first}\n", "Un autre paragraphe commence sur la page suivante."]
    passages = segment_pages(pages)
    assert [p.heading for p in passages] == ["Axe 1 — Publics", "Axe 1 — Publics"]
    assert [p.page for p in passages] == [1, 2]


def test_a_paragraph_running_over_a_page_break_stays_whole_and_starts_on_its_first_page():
    passages = segment_pages(["Le budget prévoit une hausse des moyens consacrés", "aux ateliers de formation."])
    assert len(passages) == 1 and passages[0].page == 1


def test_plain_text_heading_is_detected_after_a_sentence_end():
    text = "Premier paragraphe qui se termine.\n\nGouvernance et compétences\n\nNous créerons un comité numérique."
    passages = segment_pages([text])
    assert passages[-1].heading == "Gouvernance et compétences"


def test_wrapped_lines_are_not_headings():
    text = "Nous allons migrer la billetterie vers une solution\nhébergée au Québec et former les équipes."
    passages = segment_pages([text])
    assert len(passages) == 1 and passages[0].heading == ""


def test_long_paragraphs_are_cut_at_sentence_ends_within_the_bound():
    sentence = "Le musée forme son équipe aux nouveaux outils de gestion des collections. "
    passages = segment_pages([sentence * 40], config=SegmentConfig(max_words=60, min_words=5))
    assert len(passages) > 1
    assert all(p.words <= 60 for p in passages)
    assert all(p.text.endswith(".") for p in passages)


def test_short_list_items_are_grouped():
    text = "Actions\n\n- infolettre\n- réseaux sociaux\n- affichage\n- radio locale"
    passages = segment_pages([text])
    assert len(passages) == 1
    assert passages[0].text == "infolettre réseaux sociaux affichage radio locale"


def test_known_headings_wrapped_over_two_lines_are_found():
    text = (
        "Axe 1 — Repenser le parcours d'une œuvre, de la\nrépétition à sa seconde vie\nNous filmerons les répétitions."
    )
    passages = segment_pages(
        [text], known_headings=["Axe 1 — Repenser le parcours d'une œuvre, de la répétition à sa seconde vie"]
    )
    assert heading_key(passages[0].heading) == heading_key(
        "Axe 1 — Repenser le parcours d'une œuvre, de la répétition à sa seconde vie"
    )
