"""Smart audio in the window: Settings -> Audio and Podcast Settings store the choices, the
playing episode follows them at once, and the now-playing pane says what runs (or what is
missing).

The real window on a real data folder: the demo podcast plus a show of generated speech
(espeak-ng, with pauses of known lengths: tests/support/speech_audio.py) whose enclosures
live on a loopback HTTP server; one episode is downloaded (its file in the data folder), one
only streams. libVLC plays with dummy audio, so positions move in real time and the trims are
real seeks.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from player.domain.audio import silences_for
from player.paths import DataPaths
from player.qt.app import Application
from player.qt.dialogs.podcast_settings import PodcastSettingsDialog
from player.qt.dialogs.settings import SettingsDialog
from player.services.audio_analysis import AudioAnalysisService
from player.services.sync import ensure_demo_library
from player.storage import EpisodeRepo, PodcastRepo, Store
from player.storage.audio_analysis import AudioAnalysisRepo
from tests.qt.conftest import context_menu, row_of
from tests.support.http_server import LoopbackServer
from tests.support.library import add_podcast, item
from tests.support.speech_audio import SpeechTrack, make_speech_track, missing_tools

SHOW = "Quiet Machines"
TRIMMING = "✂ Trimming silence"


@pytest.fixture(scope="module")
def speech(tmp_path_factory: pytest.TempPathFactory) -> SpeechTrack:
    """Ten spoken phrases with pauses of 0.2-2.5 s at -23 LUFS, as MP3."""
    missing = missing_tools()
    if missing:
        pytest.fail(f"these tests need {', '.join(missing)} (apt install espeak-ng ffmpeg)")
    return make_speech_track(tmp_path_factory.mktemp("speech"), -23.0)


@dataclass
class Show:
    """The running app and the speech show's ids."""

    app: Application
    podcast_id: int
    downloaded: int
    streamed: int


@pytest.fixture
def show(qtbot, data_dir: Path, speech: SpeechTrack) -> Iterator[Show]:
    with LoopbackServer() as server:
        store = Store(DataPaths(data_dir).ensure().database)
        try:
            ensure_demo_library(store)
            downloaded, streamed = add_podcast(
                store,
                [
                    item("dl", server.add("dl.mp3", speech.path), title="Radios (downloaded)"),
                    item("st", server.add("st.mp3", speech.path), title="Valves (streamed)"),
                ],
                url=server.url("feed.xml"),
                title=SHOW,
            )
            copy = data_dir / "speech-download.mp3"
            shutil.copyfile(speech.path, copy)
            EpisodeRepo(store).set_download(downloaded, str(copy))
            podcast_id = EpisodeRepo(store).get(downloaded).podcast_id
        finally:
            store.close()
        app = Application(DataPaths(data_dir), aout="dummy")
        qtbot.addWidget(app.window)
        app.start()
        qtbot.waitUntil(lambda: app.episode_model.rowCount() == 6, timeout=20_000)
        app.window.activateWindow()
        try:
            yield Show(app, podcast_id, downloaded, streamed)
        finally:
            app.close()


def _play(show: Show, qtbot, episode_id: int) -> None:
    app = show.app
    app.playback_controller.play(EpisodeRepo(app.store).get(episode_id))
    qtbot.waitUntil(lambda: app.player.state == "playing", timeout=15_000)


def _indicator_text(show: Show) -> str:
    label = show.app.window.now_playing_pane.smart_audio
    return label.text().replace("\u00a0", " ") if label.isVisible() else ""


# -- Podcast Settings ----------------------------------------------------------------------------


def test_podcast_settings_store_the_podcasts_own_smart_audio(show: Show, qtbot) -> None:
    app = show.app
    app.settings.set("audio.trim_silence", "mild")
    sidebar = app.window.library_pane.sidebar
    qtbot.waitUntil(lambda: row_of(sidebar, SHOW) >= 0, timeout=10_000)
    seen: dict[str, list[str]] = {}

    def fill_in() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, PodcastSettingsDialog):
            QTimer.singleShot(50, fill_in)
            return
        trim = dialog.trim_silence
        seen["trim"] = [trim.itemText(i) for i in range(trim.count())]
        seen["normalize"] = [dialog.normalize.itemText(i) for i in range(dialog.normalize.count())]
        trim.setCurrentIndex(trim.findText("Medium"))
        dialog.voice_boost.setCurrentIndex(dialog.voice_boost.findText("On"))
        dialog.skip_intro.setValue(12)
        dialog.skip_outro.setValue(20)
        dialog.accept()

    menu = context_menu(sidebar, row_of(sidebar, SHOW))
    QTimer.singleShot(50, fill_in)
    next(a for a in menu.actions() if a.text() == "Settings…").trigger()
    menu.close()
    assert seen["trim"] == ["Default (global: Mild)", "Off", "Mild", "Medium", "Strong"]
    assert seen["normalize"] == ["Default (global: Off)", "On", "Off"]
    podcasts = PodcastRepo(app.store)
    qtbot.waitUntil(lambda: podcasts.get(show.podcast_id).trim_silence == "medium", timeout=10_000)
    stored = podcasts.get(show.podcast_id)
    assert stored.normalize_loudness is None  # left at "Default"
    assert stored.voice_boost is True
    assert (stored.skip_intro, stored.skip_outro) == (12.0, 20.0)

    # Opened again, the dialog shows what is stored; "Default" again stores None.
    dialog = PodcastSettingsDialog(stored, app.window)
    qtbot.addWidget(dialog)
    assert dialog.trim_silence.currentText() == "Medium"
    assert dialog.voice_boost.currentText() == "On"
    assert dialog.skip_intro.value() == 12
    dialog.trim_silence.setCurrentIndex(0)
    assert dialog.values()["trim_silence"] is None


# -- the indicator and the trims -------------------------------------------------------------


def test_an_analysed_download_plays_with_its_silences_trimmed(show: Show, qtbot) -> None:
    app = show.app
    PodcastRepo(app.store).update(show.podcast_id, trim_silence="medium")
    analysis = AudioAnalysisService(app.store).analyse(show.downloaded)
    skips = silences_for(analysis, "medium")
    assert len(skips) >= 4
    jumps: list[float] = []
    app.player.seeked.connect(jumps.append)
    pane = app.window.now_playing_pane

    _play(show, qtbot, show.downloaded)
    qtbot.waitUntil(lambda: _indicator_text(show) == TRIMMING, timeout=5000)
    assert app.player.smart_audio.trimming
    assert "Medium" in pane.smart_audio.toolTip()
    # Playing on, the player jumps from inside a pause to just before the next phrase.
    qtbot.waitUntil(lambda: bool(jumps), timeout=20_000)
    assert any(abs(jumps[0] - end) < 0.02 for _start, end in skips), (jumps, skips)
    qtbot.waitUntil(lambda: app.player.time_saved.silence > 0.3, timeout=5000)
    qtbot.waitUntil(lambda: "so far: nothing" not in pane.smart_audio.toolTip(), timeout=5000)
    assert "Saved in this episode so far: " in pane.smart_audio.toolTip()

    # At the smallest window, with the sleep label showing too, everything stays inside.
    app.window.resize(1024, 700)
    pane.set_sleep_text("Stops at the end of this episode, in 0:31")
    QTest.qWait(100)
    inside = pane.rect()
    for widget in (pane.smart_audio, pane.sleep_label, pane.remaining, pane.elapsed, pane.volume,
                   pane.sleep, pane.skip_forward, pane.notes):  # fmt: skip
        box = QRect(widget.mapTo(pane, QPoint(0, 0)), widget.size())
        assert inside.contains(box), widget.objectName()
        assert widget.width() >= widget.minimumSizeHint().width(), widget.objectName()
    assert pane.smart_audio.height() <= 3 * pane.smart_audio.fontMetrics().height()


def test_a_change_in_settings_applies_to_the_playing_episode(show: Show, qtbot) -> None:
    app = show.app
    AudioAnalysisService(app.store).analyse(show.downloaded)
    _play(show, qtbot, show.downloaded)
    QTest.qWait(300)
    assert _indicator_text(show) == ""  # everything off by default: nothing to say
    assert not app.player.smart_audio.trimming

    dialog = SettingsDialog(app.settings.all(), "", [], clear_history=lambda: None)
    qtbot.addWidget(dialog)
    assert not dialog.loudness_target.isEnabled()
    dialog.trim_silence.setCurrentIndex(dialog.trim_silence.findData("strong"))
    dialog.normalize.setChecked(True)
    assert dialog.loudness_target.isEnabled()
    dialog.loudness_target.setValue(-20.0)
    dialog.voice_boost.setChecked(True)
    changes = dialog.changes()
    assert {k: v for k, v in changes.items() if k.startswith("audio.")} == {
        "audio.trim_silence": "strong",
        "audio.normalize": True,
        "audio.loudness_target": -20.0,
        "audio.voice_boost": True,
    }
    app.commands.apply_settings(changes)

    smart = app.player.smart_audio
    assert smart.choices.trim_silence == "strong" and smart.trimming
    assert smart.effects.gain_db == pytest.approx(3.0, abs=0.3)  # -23 LUFS up to -20
    assert smart.effects.voice_boost
    assert _indicator_text(show) == f"{TRIMMING} · −20 LUFS · Voice boost"
    tip = app.window.now_playing_pane.smart_audio.toolTip()
    assert "Strong" in tip and "+3." in tip
    assert app.settings.get("audio.trim_silence") == "strong"

    # Off again: the indicator goes, the episode plays untouched.
    app.commands.apply_settings(
        {"audio.trim_silence": "off", "audio.normalize": False, "audio.voice_boost": False}
    )
    assert _indicator_text(show) == ""
    assert not app.player.smart_audio.effects.active


def test_a_download_without_an_analysis_is_analysed_when_it_plays(show: Show, qtbot) -> None:
    app = show.app
    app.settings.set("audio.trim_silence", "medium")
    assert AudioAnalysisRepo(app.store).get(show.downloaded) is None
    _play(show, qtbot, show.downloaded)
    # Analysed on the downloads' analysis thread, then planned again: trimming starts.
    qtbot.waitUntil(lambda: _indicator_text(show) == TRIMMING, timeout=30_000)
    assert AudioAnalysisRepo(app.store).get(show.downloaded) is not None


def test_a_streamed_episode_says_trim_silence_needs_a_download_until_it_has_one(
    show: Show, qtbot
) -> None:
    app = show.app
    app.settings.set("audio.trim_silence", "medium")
    _play(show, qtbot, show.streamed)
    qtbot.waitUntil(lambda: _indicator_text(show) == "Trim silence needs a download", timeout=5000)
    indicator = app.window.now_playing_pane.smart_audio
    assert indicator.indication.hint
    assert "streamed" in indicator.toolTip() and "Download" in indicator.toolTip()
    assert not app.player.smart_audio.trimming

    # Downloaded while it plays: analysed after the download, then trimmed.
    app.downloads.download([show.streamed])
    qtbot.waitUntil(lambda: _indicator_text(show) == TRIMMING, timeout=30_000)
    assert app.player.smart_audio.trimming
