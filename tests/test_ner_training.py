"""NER corpora conversion, the train-ner command, and the shipped German and English models."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
import spacy
from click.testing import CliRunner

from build_graph import cli
from ingest.errors import NerDataError
from ingest.ner_corpora import (
    GERMEVAL_LABELS,
    LER_LABELS,
    SMARTDATA_LABELS,
    UPPER_LABELS,
    WNUT_LABELS,
    MISSING,
    TaggedSentence,
    map_tags,
    parse_columns,
    parse_germeval,
    parse_uner,
    parse_wikigold,
    to_docbin,
)
from ingest.ner_data import collect_data, load_units, split_indices
from ingest.ner_mix import CORPORA, parse_mix
from ingest.ner_pretrain import PRETRAIN_CORPORA, pretraining_text
from ingest.ner_scoring import score_entities
from ingest.ner_spans import (
    SpanDocument,
    find_names,
    gold_actor_names,
    name_sentences,
    parse_registry_names,
    parse_smartdata,
    smartdata_sentences,
)

REPOSITORY = Path(__file__).resolve().parent.parent
SHARED_NER = REPOSITORY.parent / "shared" / "data" / "ner"
MODELS = REPOSITORY / "ingest" / "models"


def ents(sentence: TaggedSentence, label_map) -> list[tuple[str, str]]:
    tags = map_tags(sentence.tags, label_map)
    return [(" ".join(sentence.words[s:e]), label) for s, e, label in TaggedSentence(sentence.words, tags).entities()]


# --- conversion of each format (tiny hand-written fixtures) ---------------------------------------


def test_germeval_outer_level_and_part_deriv_dropped():
    text = (
        "#\thttp://de.wikipedia.org/wiki/Beispiel\t[2009-10-23]\n"
        "1\tDer\tO\tO\n2\tCDU-Politiker\tB-ORGpart\tO\n3\tsprach\tO\tO\n4\tbei\tO\tO\n"
        "5\tder\tO\tO\n6\tUniversität\tB-ORG\tO\n7\tHamburg\tI-ORG\tB-LOC\n8\tmit\tO\tO\n"
        "9\tAngela\tB-PER\tO\n10\tMerkel\tI-PER\tO\n11\tüber\tO\tO\n12\teuropäische\tB-LOCderiv\tO\n"
        "13\tPolitik\tO\tO\n14\t.\tO\tO\n\n"
    )
    [sentence] = parse_germeval(text)
    assert sentence.words[1] == "CDU-Politiker"
    assert ents(sentence, GERMEVAL_LABELS) == [("Universität Hamburg", "ORG"), ("Angela Merkel", "PER")]


def test_ler_crlf_and_coarse_organisations():
    text = (
        "Das O\r\nBundesarbeitsgericht B-GRT\r\nhat O\r\nder O\r\nFirma O\r\nMüller B-UN\r\nGmbH I-UN\r\n"
        "nach O\r\n§ B-GS\r\n5 I-GS\r\nBGB I-GS\r\nund O\r\nder O\r\nMarke O\r\nTiger B-MRK\r\nRecht O\r\n"
        "gegeben O\r\n. O\r\n\r\nRichter B-RR\r\nSchmidt I-RR\r\n"
    )
    first, second = parse_columns(text, separator=" ")
    assert ents(first, LER_LABELS) == [("Bundesarbeitsgericht", "ORG"), ("Müller GmbH", "ORG")]
    assert ents(second, LER_LABELS) == [("Richter Schmidt", "PER")]


def test_smartdata_json_stream_to_sentences():
    docs = [
        {
            "id": "d1",
            "text": {"string": "Die Deutsche Bahn AG meldet Verspätungen.\nIn südamerikanischen Städten wie Quito bebt es."},
            "conceptMentions": {"array": [
                {"span": {"start": 4, "end": 20}, "type": "organization-company"},
                {"span": {"start": 45, "end": 62}, "type": "location"},
                {"span": {"start": 75, "end": 80}, "type": "location-city"},
                {"span": {"start": 28, "end": 40}, "type": "trigger"},
            ]},
        },
        {"id": "d2", "text": {"string": "Siemens streicht Stellen."}, "conceptMentions": {"array": [
            {"span": {"start": 0, "end": 7}, "type": "organization"}]}},
    ]
    stream = json.dumps(docs[0], indent=2) + "\n" + json.dumps(docs[1], indent=2) + "\n"
    parsed = parse_smartdata(stream)
    assert [d.id for d in parsed] == ["d1", "d2"]
    tokenizer = spacy.blank("de").tokenizer
    first, second = smartdata_sentences(parsed[0], tokenizer, SMARTDATA_LABELS)
    assert ents(first, {"ORG": "ORG", "LOC": "LOC"}) == [("Deutsche Bahn AG", "ORG")]
    # the adjective "südamerikanischen" is not a location mention; Quito is
    assert ents(second, {"ORG": "ORG", "LOC": "LOC"}) == [("Quito", "LOC")]
    [third] = smartdata_sentences(parsed[1], tokenizer, SMARTDATA_LABELS)
    assert ents(third, {"ORG": "ORG"}) == [("Siemens", "ORG")]


def test_smartdata_mention_inside_a_compound_is_dropped():
    doc = SpanDocument("x", "Die Telekom-Tochter und die Telekom  wachsen.", ((4, 11, "organization-company"),
                                                                           (28, 36, "organization-company")))
    [sentence] = smartdata_sentences(doc, spacy.blank("de").tokenizer)
    assert ents(sentence, {"ORG": "ORG"}) == [("Telekom", "ORG")]
    assert sentence.tags[1] == "O"  # "Telekom-Tochter" is not an organisation


def test_wnut_corporation_and_group_are_organisations():
    text = "Working\tO\nat\tO\nGoogle\tB-corporation\nwith\tO\nthe\tO\nBeatles\tB-group\non\tO\niPhone\tB-product\n\n"
    [sentence] = parse_columns(text, separator="\t")
    assert ents(sentence, WNUT_LABELS) == [("Google", "ORG"), ("Beatles", "ORG")]


def test_btc_tab_separated_iob2():
    text = "RT\tO\n@bbc\tO\nBBC\tB-ORG\nNews\tI-ORG\nin\tO\nLondon\tB-LOC\n\nhi\tO\n"
    first, second = parse_columns(text, separator="\t")
    assert ents(first, UPPER_LABELS) == [("BBC News", "ORG"), ("London", "LOC")]
    assert second.words == ("hi",)


def test_wikigold_iob1_becomes_iob2_and_misc_is_dropped():
    text = "-DOCSTART- O\n\nThe I-ORG\nMad I-ORG\nCapsule I-ORG\nMarkets I-ORG\nplay O\nJapanese I-MISC\nPunk O\nin O\nTokyo I-LOC\n\n"
    [sentence] = parse_wikigold(text)
    assert sentence.tags[0] == "B-ORG"
    assert ents(sentence, UPPER_LABELS) == [("The Mad Capsule Markets", "ORG"), ("Tokyo", "LOC")]


def test_uner_comments_and_columns():
    text = (
        "# newdoc id = x\n# sent_id = x-1\n# text = I work for Deutsche Bank\n"
        "1\tI\tO\t-\t-\n2\twork\tO\t-\t-\n3\tfor\tO\t-\t-\n4\tDeutsche\tB-ORG\t-\ta\n5\tBank\tI-ORG\t-\ta\n\n"
    )
    [sentence] = parse_uner(text)
    assert ents(sentence, UPPER_LABELS) == [("Deutsche Bank", "ORG")]


def test_in_domain_gold_names_label_organisations_and_leave_capitalised_words_unknown():
    names = gold_actor_names('{"language": "de", "actors": [{"name": "HHLA Sky GmbH", "aliases": ["HHLA Sky"]},'
                             ' {"name": "Hamburger Hafen und Logistik AG", "aliases": []}]}')
    text = "Die HHLA Sky GmbH, eine Tochter der Hamburger Hafen und Logistik AG, fliegt. HHLA Sky wächst."
    first, second = name_sentences(text, names, spacy.blank("de").tokenizer)
    assert ents(first, {"ORG": "ORG"}) == [("HHLA Sky GmbH", "ORG"), ("Hamburger Hafen und Logistik AG", "ORG")]
    assert first.tags[first.words.index("Tochter")] == MISSING  # might be a name: unknown, not O
    assert first.tags[first.words.index("eine")] == "O"
    assert ents(second, {"ORG": "ORG"}) == [("HHLA Sky", "ORG")]


def test_registry_names_and_whole_word_matching():
    names = parse_registry_names("id,name,aliases,type\ndlr,Deutsches Zentrum für Luft- und Raumfahrt,DLR | DLR e.V.,X\n")
    assert names == ("Deutsches Zentrum für Luft- und Raumfahrt", "DLR", "DLR e.V.")
    text = "Das DLR und die DLRG"
    assert [text[s:e] for s, e in find_names(text, names)] == ["DLR"]


def test_docbin_keeps_unknown_tokens_unannotated():
    vocab = spacy.blank("de").vocab
    [doc] = list(to_docbin(vocab, [TaggedSentence(("Otto", "mag", "SAP"), (MISSING, "O", "B-ORG"))]).get_docs(vocab))
    assert [t.ent_iob_ for t in doc] == ["", "O", "B"]


def test_docbin_round_trip():
    vocab = spacy.blank("en").vocab
    db = to_docbin(vocab, [TaggedSentence(("Microsoft", "hires"), ("B-ORG", "O"))])
    [doc] = list(db.get_docs(vocab))
    assert [(e.text, e.label_) for e in doc.ents] == [("Microsoft", "ORG")]


# --- splitting, scoring, settings ------------------------------------------------------------------


def test_split_is_deterministic_and_disjoint():
    train, dev, held = split_indices([1] * 100, seed=3, key="c")
    assert (train, dev, held) == split_indices([1] * 100, seed=3, key="c")
    assert sorted(train + dev + held) == list(range(100))
    assert len(held) == 15 and len(dev) == 5


def test_split_fractions_count_sentences_not_units():
    # units (documents) of 3 sentences: each part takes whole units until it has its share of sentences
    train, dev, held = split_indices([3] * 20, seed=0, key="d", heldout_fraction=0.1, dev_fraction=0.05)
    assert len(held) == 2 and len(dev) == 1 and len(train) == 17


def test_split_folds_hold_out_every_unit_exactly_once():
    held = [split_indices([1] * 100, seed=3, key="c", fold=(k, 5))[2] for k in range(5)]
    assert sorted(i for part in held for i in part) == list(range(100))
    train, dev, held_2 = split_indices([1] * 100, seed=3, key="c", fold=(2, 5))
    assert not set(train) & set(held_2) and not set(dev) & set(held_2) and len(dev) == 5


def test_split_fold_out_of_range_is_an_error():
    with pytest.raises(NerDataError, match="--fold"):
        split_indices([1] * 10, seed=0, key="c", fold=(5, 5))


def test_train_ner_command_rejects_a_bad_fold(tmp_path):
    result = CliRunner().invoke(cli, ["train-ner", "--lang", "de", "--out", str(tmp_path / "m"), "--fold", "5/5"])
    assert result.exit_code == 2 and "0 <= K < N" in result.output


@pytest.mark.skipif(not SHARED_NER.is_dir(), reason="shared/data/ner is not beside the repository")
def test_checkpoints_are_chosen_on_the_dev_parts_of_the_training_corpora():
    data = collect_data("de", SHARED_NER, [("germeval", None, 1)], spacy.blank("de").tokenizer, seed=0, max_sentences=40)
    rows = {row["name"]: row for row in data.rows}
    assert rows["germeval"]["dev_sentences"] == len(data.dev) > 0
    assert rows["smartdata"]["dev_sentences"] == 0 and data.heldout["smartdata"]


@pytest.mark.skipif(not SHARED_NER.is_dir(), reason="shared/data/ner is not beside the repository")
def test_pretraining_text_is_training_parts_only_and_never_germeval():
    tokenize = spacy.blank("de").tokenizer
    text = pretraining_text("de", SHARED_NER, tokenize, seed=0, sample_dir=REPOSITORY / "data" / "sample")
    assert text.corpora == PRETRAIN_CORPORA["de"] and "germeval" not in text.corpora
    mix = [(name, None, 1) for name in ("germeval", "smartdata", "ler", "sample-de")]
    data = collect_data("de", SHARED_NER, mix, tokenize, seed=0, sample_dir=REPOSITORY / "data" / "sample")
    # a held-out or dev sentence may appear in the raw text only where the corpus repeats it in its
    # training part too (SmartData repeats traffic reports word for word)
    trained = {" ".join(s.words) for s in data.train}
    raw = set(text.sentences) - trained
    for name, held in data.heldout.items():
        leaked = [s.words for s in held if " ".join(s.words) in raw]
        assert not leaked, f"{name}: held-out sentences in the pretraining text, e.g. {leaked[0]}"
    assert not [s for s in data.dev if " ".join(s.words) in raw]
    germeval = {" ".join(s.words) for s in data.heldout["germeval"]}
    assert not germeval & raw


def test_scores_per_label():
    scores = score_entities([[(0, 2, "ORG")]], [[(0, 2, "ORG"), (3, 4, "LOC")]])
    assert scores["ORG"].f1 == 1.0
    assert scores["LOC"].precision == 0.0
    assert scores["ALL"].precision == 0.5


def test_uner_is_never_a_training_corpus():
    assert not CORPORA["uner-test"].trainable
    with pytest.raises(NerDataError, match="uner-test"):
        parse_mix(["uner-test"], "en")


def test_a_corpus_of_another_language_is_training_data_only():
    assert parse_mix(["germeval", "wikigold"], "de") == [("germeval", None, 1), ("wikigold", None, 1)]
    with pytest.raises(NerDataError, match="sample-en"):  # in-domain documents only in their own language
        parse_mix(["sample-en"], "de")


@pytest.mark.skipif(not SHARED_NER.is_dir(), reason="shared/data/ner is not beside the repository")
def test_another_language_is_trained_on_but_not_scored():
    mix = [("germeval", None, 1), ("wikigold", None, 1)]
    data = collect_data("de", SHARED_NER, mix, spacy.blank("de").tokenizer, seed=0, max_sentences=40)
    rows = {row["name"]: row for row in data.rows}
    assert rows["wikigold"]["role"] == "train" and rows["wikigold"]["train_sentences"] == 40
    assert "wikigold" not in data.heldout and "btc" not in rows  # English corpora outside the mix are not read
    assert {"germeval", "smartdata", "ler"} <= set(data.heldout)


def test_missing_corpus_file_is_one_line_naming_the_file(tmp_path):
    with pytest.raises(NerDataError) as err:
        load_units(CORPORA["germeval"], tmp_path, spacy.blank("de").tokenizer)
    message = str(err.value)
    assert "NER-de-test.tsv" in message and "\n" not in message


def test_train_ner_command_reports_missing_data(tmp_path):
    result = CliRunner().invoke(
        cli, ["train-ner", "--lang", "de", "--data", str(tmp_path), "--out", str(tmp_path / "m"), "--corpus", "germeval"]
    )
    assert result.exit_code == 1
    assert "NER-de-test.tsv" in result.output and "Traceback" not in result.output


def test_smartdata_malformed_json_is_reported(tmp_path):
    folder = tmp_path / "smartdata"
    folder.mkdir()
    for name in ("v1_train.json.gz", "v1_test.json.gz"):
        with gzip.open(folder / name, "wt", encoding="utf-8") as fh:
            fh.write('{"id": "x", "text": ')
    with pytest.raises(NerDataError, match="v1_train.json.gz"):
        load_units(CORPORA["smartdata"], tmp_path, spacy.blank("de").tokenizer)


# --- end to end on a tiny subset of the real corpora -----------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(not SHARED_NER.is_dir(), reason="shared/data/ner is not beside the repository")
@pytest.mark.parametrize("lang", ["de", "en"])
def test_train_ner_end_to_end_on_a_tiny_subset(tmp_path, lang):
    out = tmp_path / f"ner-{lang}"
    pretrain = ["--pretrain-epochs", "1"] if lang == "de" else []
    out.mkdir()
    (out / "model-card.md").write_text("# old card\n\n## Data mixes compared\n\n| written by hand |\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        ["train-ner", "--lang", lang, "--data", str(SHARED_NER), "--out", str(out),
         "--sample", str(REPOSITORY / "data" / "sample"),
         "--max-sentences", "200", "--max-steps", "30", "--max-seconds", "60", *pretrain],
    )
    assert result.exit_code == 0, result.output
    assert "model card:" in result.output and "heldout:" in result.output
    card = (out / "model-card.md").read_text(encoding="utf-8")
    assert "| heldout | ORG |" in card and "CC BY 4.0" in card
    assert "# old card" not in card and card.endswith("## Data mixes compared\n\n| written by hand |\n")
    assert ("- pretraining: the tok2vec starts from 1 epoch(s)" in card) == bool(pretrain)
    assert "--pretrain-epochs 1" in card if pretrain else "--pretrain-epochs" not in card
    nlp = spacy.load(out)
    assert nlp.pipe_names == ["tok2vec", "ner"]
    assert set(nlp.get_pipe("ner").labels) == {"ORG", "PER", "LOC"}
    # the saved config names no file of the training run (the same run writes the same config)
    assert all(value is None for value in nlp.config["paths"].values())


# --- the shipped models ------------------------------------------------------------------------------


def org_texts(nlp, text: str) -> set[str]:
    return {e.text for e in nlp(text).ents if e.label_ == "ORG"}


@pytest.fixture(scope="module")
def german():
    return spacy.load(MODELS / "ner-de")


@pytest.fixture(scope="module")
def english():
    return spacy.load(MODELS / "ner-en")


@pytest.mark.parametrize("lang", ["de", "en"])
def test_shipped_model_is_small_and_has_a_card(lang):
    folder = MODELS / f"ner-{lang}"
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    assert size <= 15_000_000
    card = (folder / "model-card.md").read_text(encoding="utf-8")
    assert "words per CPU second" in card and "| heldout | ORG |" in card


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Die Siemens AG hat mit der Deutschen Bank einen Vertrag über die Finanzierung unterzeichnet.", "Siemens"),
        ("Die Siemens AG hat mit der Deutschen Bank einen Vertrag über die Finanzierung unterzeichnet.", "Deutschen Bank"),
        ("Nach Angaben der Deutschen Bahn fallen am Montag mehrere Züge aus.", "Deutschen Bahn"),
        ("Airbus will in Hamburg 500 neue Stellen schaffen, teilte das Unternehmen mit.", "Airbus"),
    ],
)
def test_german_model_finds_organisations(german, text, expected):
    assert any(expected in org for org in org_texts(german, text)), german(text).ents


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Microsoft announced a partnership with Deutsche Bank on Tuesday.", "Microsoft"),
        ("Microsoft announced a partnership with Deutsche Bank on Tuesday.", "Deutsche Bank"),
        ("Apple and Microsoft reported higher profits.", "Apple"),
        ("She worked for Google in London before joining the United Nations.", "Google"),
        ("Airbus and Lufthansa Technik opened a research centre in Hamburg.", "Lufthansa Technik"),
    ],
)
def test_english_model_finds_organisations(english, text, expected):
    assert any(expected in org for org in org_texts(english, text)), english(text).ents


def test_shipped_models_do_not_call_a_person_an_organisation(german, english):
    assert "Angela Merkel" not in org_texts(german, "Bundeskanzlerin Angela Merkel besuchte am Montag Hamburg.")
    assert "Barack Obama" not in org_texts(english, "Barack Obama visited Berlin on Monday.")
