"""Store language model benchmark: what training gives (validation perplexity, time), what
scoring costs, and what rescoring Whisper's n best hypotheses with it does to a voice turn.

    .venv/bin/python benchmarks/lm.py [--utterances 120] [--hypotheses 8] [--lm DIR] [--cache F]

The round trip speaks shopping requests over the demo store with piper and recognises them with
Whisper (the speech benchmark's generator, plus coffee and order-tracking requests where one
wrong word matters). Each recording is decoded once into an n-best list; the LM weight and word
bonus are tuned on the first half (development split) and the figures are those of the second
half (test split), compared with the recogniser as it is (`transcribe`) and with the beam's own
best. Word error rate, order ids read exactly, and understanding frames: the parse of the
transcript equals the parse of what was said (intent and slots, with the demo store's
understanding model).
Figures go to stdout; progress to stderr.
"""

import argparse
import json
import pickle
import random
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from shoptalk.commerce.locate import open_store
from shoptalk.config import Settings
from shoptalk.console import progress_bar, stderr
from shoptalk.lm import LMRescorer, load_lm
from shoptalk.lm.corpus import spoken_form
from shoptalk.lm.runtime import LanguageModelRuntime
from shoptalk.nlu import service as nlu_service
from shoptalk.nlu.parser import Parser
from shoptalk.speech import (
    Expectation,
    Recognizer,
    Synthesizer,
    VoiceActivity,
    decode_audio,
    wav_bytes,
)
from shoptalk.speech.bias import correct
from shoptalk.speech.metrics import word_error_rate
from shoptalk.speech.recognize import Hypothesis
from speech import (
    RecognitionContext,
    Utterance,
    exact,
    real_sentences,
    shopping_utterances,
)

WEIGHTS = (0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0)
WORD_BONUSES = (0.0, 0.5, 1.0, 2.0, 3.0)
SIZES = ("small", "medium", "large")
DRINK_OPTIONS = ("dark roast", "oat milk", "skim milk", "whole milk", "extra shot")


@dataclass(frozen=True)
class Heard:
    utterance: Utterance
    plain: str
    """What `Recognizer.transcribe` gives today (prompt and correction on)."""
    hypotheses: list[Hypothesis]
    lm_logprobs: list[float]


def hard_utterances(count: int) -> list[Utterance]:
    """Requests where one misheard word changes the turn: drinks and order tracking."""
    rng = random.Random(11)
    makers = [
        lambda: f"Add a {rng.choice(SIZES)} {rng.choice(DRINK_OPTIONS)} latte.",
        lambda: f"Can I get a {rng.choice(SIZES)} latte with {rng.choice(('oat', 'skim'))} milk?",
        lambda: f"Track order W one zero {rng.randint(0, 9)} {rng.randint(1, 9)}.",
    ]
    texts = [makers[i % len(makers)]() for i in range(count)]
    return [
        Utterance(t, RecognitionContext(Expectation.ORDER_ID), order_id=_order_id(t))
        if "Track" in t
        else Utterance(t, RecognitionContext())
        for t in texts
    ]


def _order_id(text: str) -> str:
    digits = "zero one two three four five six seven eight nine".split()
    spoken = text.rstrip(".").split("W ", 1)[1].split()
    return "W" + "".join(str(digits.index(d)) if d in digits else d for d in spoken)


def hear_all(
    utterances: list[Utterance], recognizer: Recognizer, n: int, cache: Path | None
) -> tuple[list[Heard], list[float]]:
    """Every utterance spoken and recognised, with the time of each n-best decode. With
    `cache`, the recordings' results are kept there and reused (to compare LMs cheaply)."""
    if cache and cache.exists():
        loaded: tuple[list[Heard], list[float]] = pickle.loads(cache.read_bytes())
        return loaded
    synthesizer = Synthesizer.from_settings(Settings())
    heard, decode_s = [], []
    with progress_bar() as report:
        for done, u in enumerate(utterances, 1):
            report("round trip", done, len(utterances))
            speech = synthesizer.synthesize(u.text)
            audio = decode_audio(wav_bytes(speech.samples, speech.sample_rate))
            plain = recognizer.transcribe(audio, u.context).text
            started = time.perf_counter()
            found = recognizer.hypotheses(audio, u.context, n)
            decode_s.append(time.perf_counter() - started)
            heard.append(Heard(u, plain, found, []))
    if cache:
        cache.write_bytes(pickle.dumps((heard, decode_s)))
    return heard, decode_s


def lm_scored(heard: list[Heard], lm: LanguageModelRuntime) -> tuple[list[Heard], list[float]]:
    """Each n-best list scored by the LM, with the time each list took."""
    rescorer = LMRescorer(lm, 1.0)
    scored, seconds = [], []
    for h in heard:
        started = time.perf_counter()
        scores = rescorer.scored(h.hypotheses) if h.hypotheses else []
        seconds.append(time.perf_counter() - started)
        scored.append(Heard(h.utterance, h.plain, h.hypotheses, [s.lm_logprob for s in scores]))
    return scored, seconds


def decode_latency(
    utterances: list[Utterance], recognizer: Recognizer, n: int
) -> tuple[list[float], list[float]]:
    """Seconds per utterance of `transcribe` as it is and of the n-best decode that replaces
    it when rescoring, on the same recordings, one after the other."""
    synthesizer = Synthesizer.from_settings(Settings())
    plain, n_best = [], []
    for u in utterances:
        speech = synthesizer.synthesize(u.text)
        audio = decode_audio(wav_bytes(speech.samples, speech.sample_rate))
        started = time.perf_counter()
        recognizer.transcribe(audio, u.context)
        plain.append(time.perf_counter() - started)
        started = time.perf_counter()
        recognizer.hypotheses(audio, u.context, n)
        n_best.append(time.perf_counter() - started)
    return plain, n_best


def real_recordings(recognizer: Recognizer, tuned: LMRescorer, n: int) -> dict[str, float]:
    """Word error rate on the real recordings of the speech tests (read books, not shopping):
    what the store's LM does to speech unlike what it learnt."""
    pairs: dict[str, list[tuple[str, str]]] = {"transcribe": [], "beam": [], "rescored": []}
    vad = VoiceActivity()
    for path, text in real_sentences():
        audio = vad.trim(decode_audio(path))
        found = recognizer.hypotheses(audio, RecognitionContext(), n)
        pairs["transcribe"].append((text, recognizer.transcribe(audio).text))
        pairs["beam"].append((text, found[0].text if found else ""))
        pairs["rescored"].append((text, tuned(found).text if found else ""))
    return {name: word_error_rate(rows) for name, rows in pairs.items()}


def chosen(h: Heard, rescorer: LMRescorer | None) -> str:
    """The rescored pick (without a rescorer: the beam's best), corrected as `transcribe`
    corrects. The LM scores were computed once, in `lm_scored`."""
    if not h.hypotheses:
        return ""
    best = h.hypotheses[0]
    if rescorer is not None:
        combined = [
            rescorer.combine(x.acoustic_logprob, s, spoken_form(x.text))
            for x, s in zip(h.hypotheses, h.lm_logprobs, strict=True)
        ]
        best = h.hypotheses[max(range(len(combined)), key=combined.__getitem__)]
    return correct(best.text, h.utterance.context).text


def figures(pairs: list[tuple[Utterance, str]], parser: Parser) -> dict[str, float]:
    orders = [(u, t) for u, t in pairs if u.order_id]
    frames = [frame(parser, u.text) == frame(parser, t) for u, t in pairs]
    return {
        "wer": word_error_rate([(u.text, t) for u, t in pairs]),
        "order_ids_exact": sum(exact(u, t) for u, t in orders) / max(1, len(orders)),
        "frames_right": sum(frames) / len(frames),
    }


def frame(parser: Parser, text: str) -> tuple[str, str]:
    understood = parser.parse(text)
    return understood.intent, json.dumps(
        understood.slots.model_dump(mode="json", exclude_none=True), sort_keys=True
    )


def tune(dev: list[Heard], lm: LanguageModelRuntime, parser: Parser) -> LMRescorer:
    """The weight and word bonus with the most understanding frames right on the development
    split (then the lowest word error rate; then the smallest numbers)."""

    def merit(rescorer: LMRescorer) -> tuple[float, float, float, float]:
        found = figures([(h.utterance, chosen(h, rescorer)) for h in dev], parser)
        return found["frames_right"], -found["wer"], -rescorer.weight, -rescorer.word_bonus

    grid = [LMRescorer(lm, w, b) for w in WEIGHTS for b in WORD_BONUSES]
    return max(grid, key=merit)


def report(rows: dict[str, dict[str, float]], count: int) -> None:
    print(f"\n## Test split: {count} utterances (piper → Whisper tiny.en)")
    print(f"{'recogniser':34} {'WER':>7} {'order ids':>10} {'frames':>8}")
    for name, row in rows.items():
        print(
            f"{name:34} {row['wer']:7.1%} {row['order_ids_exact']:10.1%} {row['frames_right']:8.1%}"
        )


def ms(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return f"p50 {statistics.median(ordered) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms"


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    arguments.add_argument("--utterances", type=int, default=120)
    arguments.add_argument("--hypotheses", type=int, default=8)
    arguments.add_argument("--lm", type=Path, help="an LM directory; default: the store's")
    arguments.add_argument("--cache", type=Path, help="keep/reuse the recognition results here")
    args = arguments.parse_args()
    settings = Settings()
    store = open_store(None)
    with progress_bar() as progress:
        lm = (
            LanguageModelRuntime(args.lm)
            if args.lm
            else load_lm(store, settings, progress, stderr.print)
        )
        parser_dir = nlu_service.ensure_model(store, settings, progress, stderr.print)
    parser = Parser.load(parser_dir, store, settings.out_of_scope_threshold)
    metrics = lm.meta["metrics"]
    print("## Store language model (demo store)")
    print(
        f"{metrics['parameters'] / 1e6:.2f} M parameters, vocabulary {lm.config.vocab_size}, "
        f"{metrics['training_sentences']:.0f} training sentences "
        f"({metrics['training_tokens'] / 1e3:.0f} k tokens); validation perplexity "
        f"{metrics['validation_perplexity']:.2f} "
        f"(ONNX {metrics['onnx_validation_perplexity']:.2f}) "
        f"after {metrics['epochs_run']:.0f} epochs (best {metrics['best_epoch']:.0f}) in "
        f"{metrics['train_seconds'] / 60:.1f} min"
    )
    half = args.utterances // 2
    utterances = [*shopping_utterances(half), *hard_utterances(args.utterances - half)]
    random.Random(3).shuffle(utterances)
    recognizer = Recognizer.from_settings(settings)
    heard, decode_s = hear_all(utterances, recognizer, args.hypotheses, args.cache)
    heard, score_s = lm_scored(heard, lm)
    dev, test = heard[: len(heard) // 2], heard[len(heard) // 2 :]
    tuned = tune(dev, lm, parser)
    print(
        f"\nTuned on the development split ({len(dev)} utterances): "
        f"weight {tuned.weight}, word bonus {tuned.word_bonus}"
    )
    rows = {
        "transcribe (today)": figures([(h.utterance, h.plain) for h in test], parser),
        f"{args.hypotheses}-best, beam's best": figures(
            [(h.utterance, chosen(h, None)) for h in test], parser
        ),
        f"{args.hypotheses}-best, LM rescored": figures(
            [(h.utterance, chosen(h, tuned)) for h in test], parser
        ),
    }
    report(rows, len(test))
    plain_s, n_best_s = decode_latency(utterances[:20], recognizer, args.hypotheses)
    print(f"\nLM scoring of one {args.hypotheses}-best list: {ms(score_s)}")
    print(f"recognition, {len(plain_s)} utterances: transcribe {ms(plain_s)};")
    print(f"  {args.hypotheses}-best decode {ms(n_best_s)} (round trip: {ms(decode_s)})")
    real = real_recordings(recognizer, tuned, args.hypotheses)
    print(
        f"\nReal recordings (LibriSpeech and others, {len(real_sentences())} sentences), WER: "
        + ", ".join(f"{name} {value:.1%}" for name, value in real.items())
    )
    changed = [h for h in test if chosen(h, tuned) != chosen(h, None)]
    print(f"\nRescoring changed {len(changed)} of {len(test)} test transcripts:")
    for h in changed[:12]:
        print(
            f"  said {h.utterance.text!r}\n"
            f"    beam {chosen(h, None)!r}\n    LM   {chosen(h, tuned)!r}"
        )


if __name__ == "__main__":
    main()
