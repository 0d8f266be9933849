"""Speech benchmark: decoding speed, recognition accuracy and latency, what each biasing trick
brings, synthesis latency, and a piper → Whisper round trip over shopping utterances.

    .venv/bin/python benchmarks/speech.py [--utterances 100] [--digits 100] [--espeak]

Biasing is measured as an ablation: every utterance is decoded with and without the prompt, and
each transcript is scored with and without the correction, so the four rows differ only in the
trick switched on. Figures go to stdout; progress to stderr.
"""

import argparse
import io
import random
import resource
import shutil
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from shoptalk.commerce.demo import demo_snapshot
from shoptalk.config import Settings
from shoptalk.console import progress_bar
from shoptalk.nlu.normalize.order_ids import read_order_id
from shoptalk.nlu.normalize.text import words_of
from shoptalk.speech import (
    Audio,
    Biasing,
    EmailWords,
    Expectation,
    RecognitionContext,
    Recognizer,
    Synthesizer,
    VoiceActivity,
    decode_audio,
    load_voice,
    load_whisper,
    wav_bytes,
)
from shoptalk.speech.bias import correct
from shoptalk.speech.metrics import spoken_words, word_error_rate, word_errors
from shoptalk.speech.synthesize import EspeakVoice

DATA = Path(__file__).parent.parent / "tests" / "speech" / "data"
DIGIT_WORDS = "zero one two three four five six seven eight nine".split()
PRICES = ("twenty", "fifty", "eighty", "one hundred", "two hundred")
FORMATS = ("wav", "flac", "ogg", "webm", "mp3", "m4a")


def percentiles(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return f"p50 {statistics.median(ordered) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms"


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


# --- decoding ---------------------------------------------------------------------------


def encode(samples: np.ndarray, kind: str) -> bytes:
    import av

    settings = {
        "wav": ("wav", "pcm_s16le", "s16", 44_100),
        "flac": ("flac", "flac", "s16", 16_000),
        "ogg": ("ogg", "libopus", "s16", 48_000),
        "webm": ("webm", "libopus", "s16", 48_000),
        "mp3": ("mp3", "libmp3lame", "s16p", 44_100),
        "m4a": ("ipod", "aac", "fltp", 44_100),
    }
    container_name, codec, sample_format, rate = settings[kind]
    import soxr

    audio = soxr.resample(samples, 16_000, rate).astype(np.float32)
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format=container_name) as container:
        stream = container.add_stream(codec, rate=rate, layout="stereo")
        frame = av.AudioFrame.from_ndarray(np.stack([audio, audio]), format="fltp", layout="stereo")
        frame.sample_rate, frame.pts = rate, 0
        resampler = av.AudioResampler(format=sample_format, layout="stereo", rate=rate)
        for converted in [*resampler.resample(frame), *resampler.resample(None)]:
            for packet in stream.encode(converted):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return buffer.getvalue()


def bench_decoding() -> None:
    speech = np.concatenate(
        [decode_audio(p).samples for p in sorted((DATA / "librispeech").glob("*.flac"))]
    )
    seconds = len(speech) / 16_000
    print(f"\n## Decoding ({seconds:.1f} s of speech, stereo, to 16 kHz mono)")
    for kind in FORMATS:
        data = encode(speech, kind)
        runs = [timed(lambda data=data: decode_audio(data)) for _ in range(5)]
        print(f"{kind:5}  {min(runs) / seconds * 1000:.2f} ms per second of audio")


# --- recognition ------------------------------------------------------------------------


def transcripts(recognizer: Recognizer, files: list[tuple[Path, str]]) -> list[tuple[str, str]]:
    vad = VoiceActivity()
    return [(text, recognizer.transcribe(vad.trim(decode_audio(p))).text) for p, text in files]


def real_sentences() -> list[tuple[Path, str]]:
    found = []
    for listing in sorted((DATA / "librispeech").glob("*.trans.txt")):
        for line in listing.read_text().splitlines():
            name, text = line.split(" ", 1)
            found.append((listing.parent / f"{name}.flac", text))
    for wav in sorted((DATA / "audioeval").glob("*.wav")):
        found.append((wav, wav.with_suffix(".txt").read_text()))
    return found


def bench_recognition(recognizer: Recognizer, repeats: int) -> None:
    print("\n## Recognition (Whisper tiny.en, int8, CPU)")
    sentences = real_sentences()
    rate = word_error_rate(transcripts(recognizer, sentences))
    print(f"WER on {len(sentences)} real sentences: {rate:.1%}")
    short = [
        decode_audio(p)
        for p, _ in sentences
        if 2.0 <= decode_audio(p).duration <= 3.5  # the 3-second utterances of a voice turn
    ]
    latencies = [timed(lambda a=a: recognizer.transcribe(a)) for _ in range(repeats) for a in short]
    mean_seconds = statistics.mean(a.duration for a in short)
    factor = statistics.median(latencies) / mean_seconds
    print(
        f"latency, {len(short)} utterances of {mean_seconds:.1f} s on average, {repeats} runs: "
        f"{percentiles(latencies)}; real-time factor {factor:.2f}"
    )
    for beam in (1, 5):
        probe = Recognizer(recognizer.model, beam_size=beam, word_timestamps=False)
        runs = [timed(lambda a=a, p=probe: p.transcribe(a)) for _ in range(repeats) for a in short]
        print(f"  beam {beam}, no word timestamps: {percentiles(runs)}")


def digit_files(count: int) -> list[tuple[Path, int]]:
    files = sorted((DATA / "digits").glob("*.wav"))
    chosen = random.Random(1).sample(files, min(count, len(files)))
    return [(path, int(path.name.split("_")[0])) for path in chosen]


def digit_right(text: str, digit: int) -> bool:
    said = spoken_words(text)
    return len(said) == 1 and said[0] in (DIGIT_WORDS[digit], str(digit))


def bench_digits(model: object, count: int) -> None:
    print(f"\n## Spoken digits (FSDD, {count} recordings), a number expected")
    context = RecognitionContext(Expectation.NUMBER)
    files = digit_files(count)
    rows: dict[str, list[bool]] = {}
    confidences: dict[bool, list[float]] = {True: [], False: []}
    with progress_bar() as report:
        for use_prompt in (False, True):
            probe = Recognizer(model, biasing=Biasing(prompt=use_prompt, correction=False))  # type: ignore[arg-type]
            for done, (path, digit) in enumerate(files, 1):
                report(f"prompt={use_prompt}", done, len(files))
                heard = probe.transcribe(decode_audio(path), context)
                fixed = correct(heard.text, context).text
                rows.setdefault(_row(use_prompt, False), []).append(digit_right(heard.text, digit))
                rows.setdefault(_row(use_prompt, True), []).append(digit_right(fixed, digit))
                if not use_prompt:
                    confidences[digit_right(heard.text, digit)].append(heard.confidence)
    for name, hits in rows.items():
        print(f"{name:28} {sum(hits) / len(hits):.1%} right")
    for right, values in confidences.items():
        if values:
            label = "right" if right else "wrong"
            print(f"confidence when {label}: median {statistics.median(values):.2f}")


def _row(prompt: bool, correction: bool) -> str:
    tricks = [name for name, on in (("prompt", prompt), ("correction", correction)) if on]
    return " + ".join(tricks) or "no biasing"


# --- round trip -------------------------------------------------------------------------


@dataclass(frozen=True)
class Utterance:
    text: str
    context: RecognitionContext
    order_id: str | None = None
    quantity: str | None = None


def shopping_utterances(count: int) -> list[Utterance]:
    """Commands over the demo store: products, options, quantities, order ids, emails, picks."""
    snapshot = demo_snapshot()
    rng = random.Random(5)
    products = snapshot["products"]
    names = tuple(p["name"] for p in products)
    vocabulary = tuple(dict.fromkeys([*names, *(p["brand"] for p in products)]))
    orders = [o["id"].lstrip("#") for o in snapshot["orders"]]
    emails = [u["email"] for u in snapshot["users"]]
    email_words = EmailWords.of(emails)
    quantities = ["one", "two", "three", "four", "five", "six", "ten", "twelve"]
    makers: list[Callable[[], Utterance]] = [
        lambda: _add(rng, products, quantities, vocabulary),
        lambda: Utterance(
            f"Tell me about {_the(rng.choice(names))}.", RecognitionContext(vocabulary=vocabulary)
        ),
        lambda: _order(rng, orders, "Where is my order {}?"),
        lambda: _order(rng, orders, "Cancel order {}, please."),
        lambda: _order(rng, orders, "It's {}."),
        lambda: Utterance(
            f"My email is {rng.choice(emails)}.",
            RecognitionContext(Expectation.EMAIL, emails=email_words),
        ),
        lambda: _pick(rng, names),
        lambda: Utterance(
            f"Show me {rng.choice(products)['type']} under {rng.choice(PRICES)} dollars.",
            RecognitionContext(vocabulary=vocabulary),
        ),
    ]
    return [makers[i % len(makers)]() for i in range(count)]


def _add(rng: random.Random, products: list, quantities: list[str], vocabulary: tuple) -> Utterance:  # type: ignore[type-arg]
    product = rng.choice(products)
    quantity = rng.choice(quantities)
    option = next(iter(product["options"].values()), [""])
    value = rng.choice(option) if option and isinstance(option[0], str) else ""
    text = f"Add {quantity} of the {product['name']}{f' in {value}' if value else ''} to my cart."
    return Utterance(text, RecognitionContext(vocabulary=vocabulary), quantity=quantity)


def _order(rng: random.Random, orders: list[str], pattern: str) -> Utterance:
    order = rng.choice(orders)
    return Utterance(
        pattern.format(order), RecognitionContext(Expectation.ORDER_ID), order_id=order
    )


def _pick(rng: random.Random, names: tuple[str, ...]) -> Utterance:
    choices = tuple(rng.sample(names, 4))
    name = _the(rng.choice(choices))
    text = f"{name[0].upper()}{name[1:]}, please."
    return Utterance(text, RecognitionContext(Expectation.LIST_ITEMS, choices=choices))


def _the(name: str) -> str:
    return name if name.lower().startswith("the ") else f"the {name}"


def exact(utterance: Utterance, transcript: str) -> bool:
    """The order id or quantity came through exactly (as the understanding step reads it)."""
    if utterance.order_id:
        tokens = words_of(transcript)
        found = {r.value for i in range(len(tokens)) if (r := read_order_id(tokens, i))}
        return "#" + utterance.order_id in found
    if utterance.quantity:
        return utterance.quantity in spoken_words(transcript)
    return True


def bench_round_trip(
    recognizer: Recognizer, voice_name: str, synthesizer: Synthesizer, count: int
) -> None:
    utterances = shopping_utterances(count)
    print(f"\n## Round trip: {voice_name} → Whisper, {len(utterances)} shopping utterances")
    results: dict[str, list[tuple[str, str, bool]]] = {}
    checked = [u for u in utterances if u.order_id or u.quantity]
    with progress_bar() as report:
        audios = []
        for done, u in enumerate(utterances, 1):
            report("synthesize", done, len(utterances))
            speech = synthesizer.synthesize(u.text)
            audios.append(decode_audio(wav_bytes(speech.samples, speech.sample_rate)))
        for use_prompt in (False, True):
            probe = Recognizer(
                recognizer.model, biasing=Biasing(prompt=use_prompt, correction=False)
            )
            for done, (u, audio) in enumerate(zip(utterances, audios, strict=True), 1):
                report(f"prompt={use_prompt}", done, len(utterances))
                heard = probe.transcribe(audio, u.context).text
                fixed = correct(heard, u.context).text
                for fix, text in ((False, heard), (True, fixed)):
                    results.setdefault(_row(use_prompt, fix), []).append(
                        (u.text, text, exact(u, text))
                    )
    for name, rows in results.items():
        right = sum(ok for (ref, _, ok), u in zip(rows, utterances, strict=True) if u in checked)
        print(
            f"{name:28} WER {word_error_rate([(r, h) for r, h, _ in rows]):.1%}, "
            f"order ids and quantities exact {right}/{len(checked)}"
        )
    kinds = sorted({u.context.expectation.value for u in utterances})
    for name, rows in results.items():
        by_kind = {
            kind: word_error_rate(
                [
                    (r, h)
                    for (r, h, _), u in zip(rows, utterances, strict=True)
                    if u.context.expectation.value == kind
                ]
            )
            for kind in kinds
        }
        print(f"  {name:26} " + ", ".join(f"{k} {v:.1%}" for k, v in by_kind.items()))
    mistakes = [(r, h) for r, h, _ in results["prompt + correction"] if word_errors(r, h)[0]]
    for ref, hyp in mistakes[:8]:
        print(f"  said {ref!r}\n  got  {hyp!r}")


# --- synthesis and the whole turn -------------------------------------------------------


def bench_synthesis(synthesizer: Synthesizer, repeats: int) -> None:
    print(f"\n## Synthesis ({synthesizer.voice.name})")
    replies = [
        "Sure, I added two Trail Runner shoes to your cart. Your total is $59.99.",
        "Okay. Your order #W1001 shipped on Nov 28 and arrives in 3-5 days.",
        "I found three kettles under $50: the Acme, the Brewmaster, and the Steelworks.",
    ]
    first, factors = [], []
    for _ in range(repeats):
        for reply in replies:
            start = time.perf_counter()
            stream = synthesizer.stream(reply)
            chunk = next(stream)
            first.append(time.perf_counter() - start)
            spoken = chunk.duration + sum(c.duration for c in stream)
            factors.append((time.perf_counter() - start) / spoken)
    print(f"first audio (first clause): {percentiles(first)}")
    print(f"real-time factor: {statistics.median(factors):.3f}")


def bench_turn(recognizer: Recognizer, synthesizer: Synthesizer, repeats: int) -> None:
    """From the end of speech to the first reply audio, speech stages only (no understanding
    or dialogue): VAD trim + recognition + the first clause of a reply."""
    audio = decode_audio(DATA / "audioeval" / "quick_brown_fox.wav")
    padded = Audio(np.concatenate([audio.samples, np.zeros(8000, dtype=np.float32)]))
    vad = VoiceActivity()
    runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        recognizer.transcribe(vad.trim(padded))
        next(synthesizer.stream("Sure, I found the lazy dog bed. It costs $46.99."))
        runs.append(time.perf_counter() - start)
    print(f"\n## Speech stages, end of speech → first reply audio: {percentiles(runs)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--utterances", type=int, default=100)
    parser.add_argument("--digits", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--espeak", action="store_true", help="also the espeak-ng round trip")
    args = parser.parse_args()
    settings = Settings()
    bench_decoding()
    load_s = timed(lambda: load_whisper(settings.asr_model_dir, settings.asr_threads))
    recognizer = Recognizer.from_settings(settings)
    print(f"\nWhisper load: {load_s * 1000:.0f} ms")
    voice_s = timed(lambda: load_voice("piper", settings.tts_voice))
    synthesizer = Synthesizer.from_settings(settings)
    print(f"piper load: {voice_s * 1000:.0f} ms")
    bench_recognition(recognizer, args.repeats)
    bench_synthesis(synthesizer, args.repeats)
    bench_turn(recognizer, synthesizer, args.repeats)
    bench_digits(recognizer.model, args.digits)
    bench_round_trip(recognizer, "piper", synthesizer, args.utterances)
    if args.espeak and (espeak := shutil.which("espeak-ng")):
        bench_round_trip(recognizer, "espeak-ng", Synthesizer(EspeakVoice(espeak)), args.utterances)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak memory of this process (all models loaded): {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
