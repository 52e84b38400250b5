"""The original PDF page, rendered off the GUI thread, with the evidence boxes drawn on it."""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QImage,
    QKeySequence,
    QPalette,
    QShowEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ito_desktop.core.effective import EffectiveStatus
from ito_desktop.core.model import Box, SourceSpan
from ito_desktop.ui.common.highlight import STATUS_COLORS, Highlight, Mark
from ito_desktop.ui.page.page_canvas import MARGIN, PageCanvasView, PageMark
from ito_desktop.ui.page.page_render import (
    OpenTask,
    PageImageCache,
    PdfInfo,
    RenderHub,
    RenderRequest,
    RenderTask,
)

ZOOM_BASE = 96 / 72  # "100%" shows a page at its printed size on a 96 dpi screen
ZOOM_STEP = 1.25
ZOOM_MIN, ZOOM_MAX = 0.25, 6.0
NO_PDF = "The original pages are shown here for PDF contracts."
LEGEND_MAX = 6  # names listed above the page; the rest are summed up


@dataclass(frozen=True)
class PageRegion:
    """A finding's highlighted range as printed on one page (a range may span pages)."""

    page: int
    boxes: tuple[Box, ...]
    start: int  # offsets into Document.text of the whole range
    end: int
    label: str  # "RISK · Limitation of liability"
    kind: str  # EffectiveStatus.PRESENT | WEAK or Mark.RISK: the colour
    clause_id: str
    spans: tuple[SourceSpan, ...]  # the whole range's, one per page (this is one of them)


class PageView(QWidget):
    """Shows one page at a time; page numbers are 1-based."""

    pageChanged = Signal(int)
    loaded = Signal(int)  # page count, once the PDF has been opened
    failed = Signal(str)  # the sentence shown instead of the page
    regionActivated = Signal(object)  # a PageRegion clicked on the page or in the legend

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Created before the hub so that, on destruction, the pool (which waits for running
        # tasks) goes first and no task ever emits through a deleted hub.
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # PDFium is serialised by a lock anyway
        self._hub = RenderHub(self)
        self._hub.opened.connect(self._opened)
        self._hub.failed.connect(self._failed)
        self._hub.rendered.connect(self._rendered)
        self._hub.page_failed.connect(self._page_failed)
        self._cache = PageImageCache()
        self._path: Path | None = None
        self._password: str | None = None
        self._generation = 0
        self._info: PdfInfo | None = None
        self._page = 0
        self._fit = True
        self._zoom = 1.0
        self._boxes: _Boxes | None = None
        self._regions: dict[int, list[PageRegion]] = {}
        self._lines: dict[int, tuple[Box, ...]] = {}  # printed lines by page, kept clear of tags
        self._shown_regions: list[PageRegion] = []  # on the current page, numbered from 1
        self._scroll_to_boxes = False
        self._pending: set[tuple[int, float]] = set()
        self._unreadable: dict[int, str] = {}  # pages that could not be drawn: the note shown
        self._message = NO_PDF
        self._build()
        self._render_timer = QTimer(self)
        self._render_timer.setSingleShot(True)
        self._render_timer.setInterval(30)
        self._render_timer.timeout.connect(self._request_render)
        self._show_message(NO_PDF)

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        bar = QWidget(self)
        row = QHBoxLayout(bar)
        row.setContentsMargins(6, 3, 6, 3)
        row.setSpacing(3)
        self.previous_button = self._tool(None, "Previous page", self.previous_page)
        self.previous_button.setArrowType(Qt.ArrowType.UpArrow)
        self.next_button = self._tool(None, "Next page", self.next_page)
        self.next_button.setArrowType(Qt.ArrowType.DownArrow)
        self.page_box = QSpinBox(bar)
        self.page_box.setPrefix("Page ")
        self.page_box.setKeyboardTracking(False)
        self.page_box.setAccessibleName("Page number")
        self.page_box.valueChanged.connect(self.set_page)
        self.page_total = QLabel(bar)
        self.zoom_out_button = self._tool(None, "Zoom out (Ctrl+-)", self.zoom_out, "−")
        self.zoom_label = QLabel(bar)
        self.zoom_label.setMinimumWidth(44)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom_in_button = self._tool(None, "Zoom in (Ctrl++)", self.zoom_in, "+")
        self.fit_button = self._tool(None, "Fit the page width", self.fit_width, "Fit width")
        self.fit_button.setCheckable(True)
        for widget in (self.previous_button, self.next_button, self.page_box, self.page_total):
            row.addWidget(widget)
        row.addStretch(1)
        for widget in (self.zoom_out_button, self.zoom_label, self.zoom_in_button, self.fit_button):
            row.addWidget(widget)
        self.toolbar = bar
        # The names of the findings on the page: numbered like the tags in the page's margin,
        # so no label ever has to be painted over the contract's text.
        self.legend = QLabel(self)
        self.legend.setObjectName("pageLegend")
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setContentsMargins(8, 2, 8, 4)
        self.legend.setAccessibleName("Findings on this page")
        self.legend.linkActivated.connect(self._legend_clicked)
        self.legend.hide()
        self.canvas = PageCanvasView()
        self.canvas.markClicked.connect(self.regionActivated)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidget(self.canvas)
        self.scroll_area.setWidgetResizable(False)
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.scroll_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.scroll_area.setBackgroundRole(self.canvas.backgroundRole())
        self.scroll_area.viewport().installEventFilter(self)
        self.message_label = QLabel(self)
        self.message_label.setWordWrap(True)
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message_label.setMargin(24)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label.setForegroundRole(self.message_label.foregroundRole())
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.scroll_area)
        self.stack.addWidget(self.message_label)
        layout.addWidget(bar)
        layout.addWidget(self.legend)
        layout.addWidget(self.stack, 1)
        for keys, slot in (
            (QKeySequence.StandardKey.ZoomIn, self.zoom_in),
            (QKeySequence.StandardKey.ZoomOut, self.zoom_out),
        ):
            action = QAction(self)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)

    def _tool(self, icon: object, tip: str, slot: object, text: str = "") -> QToolButton:
        button = QToolButton(self)
        if icon is not None:
            button.setIcon(icon)  # type: ignore[arg-type]
        if text:
            button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip.split(" (")[0])
        button.setAutoRaise(True)
        button.clicked.connect(slot)
        return button

    # -- public API ------------------------------------------------------------------------

    def set_pdf(self, path: Path, password: str | None = None) -> None:
        """Open ``path``; pages appear as they are rendered. Failures show as a message."""
        self._reset()
        self._path, self._password = Path(path), password
        self._show_message(f"Opening {self._path.name}…")
        self._pool.start(OpenTask(self._hub, self._path, password, self._generation))

    def clear(self) -> None:
        self._reset()
        self._show_message(NO_PDF)

    def show_spans(self, spans: Iterable[SourceSpan], label: str, kind: str | None = None) -> None:
        """Go to the first page of ``spans`` (``Document.spans``: one per page) and draw each
        page's boxes (PDF points, top-left origin) with ``label`` whenever that page is shown.

        ``kind`` (an ``EffectiveStatus`` or ``Mark``) picks the colour; without one the boxes
        are drawn in the selection's colour. Spans without a page (a Word document) are not
        drawn, and nothing changes when no span has one.
        """
        by_page: dict[int, list[Box]] = {}
        for span in spans:
            if span.page is not None:
                by_page.setdefault(span.page, []).extend(span.boxes)
        pages = sorted(page for page, items in by_page.items() if items) or sorted(by_page)
        if not pages:
            return
        colour = QColor(STATUS_COLORS.get(kind or Mark.SELECTED, STATUS_COLORS[Mark.SELECTED]))
        self._boxes = _Boxes(pages[0], by_page, label, colour)
        self._scroll_to_boxes = True
        if self._info is None:
            return  # applied when the PDF has been opened
        if pages[0] != self._page:
            self.set_page(pages[0])
        else:
            self._apply_boxes()

    def set_regions(self, regions: list[PageRegion]) -> None:
        """Every finding's highlights, drawn on whichever page is shown (faintly, numbered)."""
        self._regions = {}
        for region in regions:
            if region.boxes:
                self._regions.setdefault(region.page, []).append(region)
        self._apply_boxes()

    def set_page_lines(self, lines: dict[int, tuple[Box, ...]]) -> None:
        """The printed lines of each page, so that no tag is drawn over one."""
        self._lines = dict(lines)
        self._apply_boxes()

    def regions_on_page(self) -> list[PageRegion]:
        """The findings drawn on the current page, in the order of their numbers."""
        return list(self._shown_regions)

    def clear_boxes(self) -> None:
        """No boxes on any page (the finding shown is not in the contract); the page stays."""
        if self._boxes is not None:
            self._boxes = None
            self._apply_boxes()

    def page_count(self) -> int:
        return len(self._info.page_sizes) if self._info else 0

    def current_page(self) -> int:
        return self._page

    def boxes(self) -> list[Box]:
        """The boxes drawn on the current page."""
        return self.canvas.boxes()

    def message(self) -> str:
        """The sentence shown instead of a page, or "" while a page is shown."""
        return self._message

    def rendered_image(self) -> QImage | None:
        """The current page's image at the current zoom, once rendered."""
        if self._page == 0:
            return None
        return self._cache.get(self._page, self._render_scale())

    def set_page(self, page: int) -> None:
        if self._info is None:
            return
        page = max(1, min(page, self.page_count()))
        if page == self._page:
            return
        self._page = page
        self._layout_page()
        self.scroll_area.verticalScrollBar().setValue(0)
        self._apply_boxes()
        self._sync_controls()
        self.pageChanged.emit(page)

    def next_page(self) -> None:
        self.set_page(self._page + 1)

    def previous_page(self) -> None:
        self.set_page(self._page - 1)

    def zoom_in(self) -> None:
        self._set_zoom(self._logical_scale() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self._set_zoom(self._logical_scale() / ZOOM_STEP)

    def fit_width(self) -> None:
        self._fit = True
        self._layout_page()
        self._sync_controls()

    def zoom_percent(self) -> int:
        return round(self._logical_scale() / ZOOM_BASE * 100)

    # -- internals -------------------------------------------------------------------------

    def _reset(self) -> None:
        self._generation += 1
        self._pool.clear()
        self._cache.clear()
        self._pending.clear()
        self._unreadable.clear()
        self._info, self._page, self._boxes = None, 0, None
        self._regions, self._shown_regions, self._lines = {}, [], {}
        self._path, self._password = None, None
        self.canvas.set_boxes([], "", QColor())
        self.canvas.set_marks([])
        self.legend.hide()
        self.canvas.set_image(None)
        self.canvas.set_page(None, 1.0)

    def _show_message(self, text: str) -> None:
        self._message = text
        self.message_label.setText(text)
        self.stack.setCurrentWidget(self.message_label)
        self._sync_controls()

    def _opened(self, generation: int, info: object) -> None:
        if generation != self._generation or not isinstance(info, PdfInfo):
            return
        self._info = info
        self._message = ""
        self.stack.setCurrentWidget(self.scroll_area)
        target = self._boxes.first_page if self._boxes else 1
        self._page = 0
        self.set_page(target)
        self.loaded.emit(self.page_count())

    def _failed(self, generation: int, message: str) -> None:
        if generation != self._generation:
            return
        self._info, self._page = None, 0
        self._show_message(message)
        self.failed.emit(message)

    def _logical_scale(self) -> float:
        if not self._fit or self._info is None or self._page == 0:
            return self._zoom
        width_pt = self._info.page_sizes[self._page - 1][0]
        available = float(self._viewport_width() - 2 * MARGIN)
        return max(ZOOM_MIN, min(ZOOM_MAX, available / max(width_pt, 1.0)))

    def _viewport_width(self) -> int:
        parent = self.parentWidget()
        if self.isVisible() or parent is None:
            return self.scroll_area.viewport().width()
        # In a background tab the viewport keeps the size it last had (or a tiny default):
        # fit the width it will have when its tab is shown, so the page is rendered once,
        # at the right scale, before anyone looks.
        frame = 2 * self.scroll_area.frameWidth()
        bar = self.scroll_area.verticalScrollBar().sizeHint().width()
        return parent.contentsRect().width() - frame - bar

    def _render_scale(self) -> float:
        return round(self._logical_scale() * self.devicePixelRatioF(), 4)

    def _set_zoom(self, scale: float) -> None:
        self._fit = False
        self._zoom = max(ZOOM_MIN * ZOOM_BASE, min(ZOOM_MAX, scale))
        self._layout_page()
        self._sync_controls()

    def _layout_page(self) -> None:
        if self._info is None or self._page == 0:
            return
        self.canvas.set_page(self._info.page_sizes[self._page - 1], self._logical_scale())
        if self._page in self._unreadable:  # drawn once as a note; not asked for again
            self.canvas.set_image(None, self._unreadable[self._page])
            return
        image = self._cache.get(self._page, self._render_scale())
        placeholder = image or self._cache.any_for(self._page)
        self.canvas.set_image(placeholder, "" if placeholder else "Rendering…")
        if image is None:
            self._render_timer.start()
        if self._scroll_to_boxes:
            self._scroll_boxes_into_view()

    def _request_render(self, page: int | None = None) -> None:
        if self._info is None or self._path is None or self._page == 0:
            return
        page = page or self._page
        scale = self._render_scale()
        if page in self._unreadable:
            return
        if self._cache.get(page, scale) is not None or (page, scale) in self._pending:
            return
        self._pending.add((page, scale))
        request = RenderRequest(self._path, self._password, self._generation, page, scale)
        self._pool.start(RenderTask(self._hub, request))

    def _rendered(self, generation: int, page: int, scale: float, image: QImage) -> None:
        if generation != self._generation:
            return
        self._pending.discard((page, scale))
        image.setDevicePixelRatio(scale / max(self._logical_scale(), 1e-6))
        self._cache.put(page, scale, image)
        if page == self._page and scale == self._render_scale():
            self.canvas.set_image(image)
            if page < self.page_count():  # the next page is the likeliest request
                self._request_render(page + 1)

    def _page_failed(self, generation: int, page: int, scale: float, note: str) -> None:
        if generation != self._generation:
            return
        self._pending.discard((page, scale))
        self._unreadable[page] = note
        if page == self._page:
            self.canvas.set_image(None, note)

    def _apply_boxes(self) -> None:
        boxes = self._boxes.by_page.get(self._page) if self._boxes else None
        if self._boxes and boxes:
            self.canvas.set_boxes(boxes, self._boxes.label, self._boxes.colour)
        else:
            self.canvas.set_boxes([], "", QColor())
        self._apply_regions(boxes or [])
        if self._boxes and boxes and self._scroll_to_boxes:
            self._scroll_boxes_into_view()

    def _apply_regions(self, selected: list[Box]) -> None:
        """Number the page's findings top to bottom; draw them and name them in the legend."""
        regions = sorted(
            self._regions.get(self._page, []),
            key=lambda r: (min(b.top for b in r.boxes), min(b.x0 for b in r.boxes), r.start),
        )
        # The same range highlighted twice (a risk on the evidence) is one mark: the risk's.
        unique: list[PageRegion] = []
        for region in regions:
            twin = next(
                (
                    n
                    for n, u in enumerate(unique)
                    if u.boxes == region.boxes and u.clause_id == region.clause_id
                ),
                None,
            )
            if twin is None:
                unique.append(region)
            elif region.kind == Mark.RISK:
                unique[twin] = region
        self._shown_regions = unique
        chosen = set(selected)
        selected_number = 0
        marks: list[PageMark] = []
        for number, region in enumerate(unique, start=1):
            if chosen and selected_number == 0 and set(region.boxes) == chosen:
                selected_number = number
            colour = QColor(STATUS_COLORS.get(region.kind, STATUS_COLORS[Mark.SELECTED]))
            marks.append(PageMark(region.boxes, colour, number, region.label, region))
        self.canvas.set_lines(list(self._lines.get(self._page, ())))
        self.canvas.set_marks(marks, selected_number)
        self._fill_legend(selected_number)

    def _fill_legend(self, selected_number: int) -> None:
        regions = self._shown_regions
        selected_label = self._boxes.label if self._boxes and self.canvas.boxes() else ""
        if not regions and not selected_label:
            self.legend.hide()
            return
        text_colour = self.palette().color(QPalette.ColorRole.WindowText).name()
        parts: list[str] = []
        if selected_label and not selected_number:
            parts.append(f"<b>▸ {html.escape(selected_label)}</b>")
        for number, region in enumerate(regions[:LEGEND_MAX], start=1):
            colour = STATUS_COLORS.get(region.kind, STATUS_COLORS[Mark.SELECTED]).name()
            name = html.escape(_short_label(region))
            if number == selected_number:
                name = f"<b>{html.escape(selected_label or region.label)}</b>"
            parts.append(
                f'<a href="{number}" style="text-decoration:none; color:{text_colour}">'
                f'<span style="color:{colour}">■</span>&nbsp;{number}&nbsp;{name}</a>'
            )
        if len(regions) > LEGEND_MAX:
            parts.append(f"and {len(regions) - LEGEND_MAX} more (point at a box for its name)")
        self.legend.setText("On this page: " + " &nbsp;·&nbsp; ".join(parts))
        self.legend.show()

    def _legend_clicked(self, link: str) -> None:
        if link.isdigit() and 1 <= int(link) <= len(self._shown_regions):
            self.regionActivated.emit(self._shown_regions[int(link) - 1])

    def _scroll_boxes_into_view(self) -> None:
        area = self.canvas.boxes_rect()
        if area.isNull() or not self.isVisible():
            return  # tried again when shown
        self._scroll_to_boxes = False
        viewport = self.scroll_area.viewport()
        bar = self.scroll_area.verticalScrollBar()
        bar.setValue(int(area.center().y() - viewport.height() / 2))
        self.scroll_area.ensureVisible(int(area.left()), int(area.top()), 24, 24)

    def _sync_controls(self) -> None:
        count = self.page_count()
        self.page_box.blockSignals(True)
        self.page_box.setRange(1 if count else 0, max(count, 0))
        self.page_box.setValue(self._page)
        self.page_box.blockSignals(False)
        self.page_total.setText(f"of {count}" if count else "")
        enabled = count > 0
        self.toolbar.setVisible(enabled)
        self.previous_button.setEnabled(enabled and self._page > 1)
        self.next_button.setEnabled(enabled and self._page < count)
        for widget in (self.page_box, self.zoom_in_button, self.zoom_out_button, self.fit_button):
            widget.setEnabled(enabled)
        self.fit_button.setChecked(self._fit)
        self.zoom_label.setText(f"{self.zoom_percent()}%" if enabled else "")

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._scroll_to_boxes:  # asked for while hidden (a background tab)
            QTimer.singleShot(0, self._scroll_boxes_into_view)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self.scroll_area.viewport():
            return super().eventFilter(watched, event)
        if event.type() == QEvent.Type.Resize and self._fit:
            # Fit to the viewport's own size: in a hidden tab the view is resized long before
            # the scroll area lays out its viewport (on being shown), and a fit computed from
            # the view's size then used a stale, tiny viewport.
            self._layout_page()
            self._sync_controls()
        elif (
            isinstance(event, QWheelEvent)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            if event.angleDelta().y() > 0:
                self.zoom_in()
            elif event.angleDelta().y() < 0:
                self.zoom_out()
            return True
        return super().eventFilter(watched, event)


@dataclass(frozen=True)
class _Boxes:
    first_page: int
    by_page: dict[int, list[Box]]
    label: str
    colour: QColor


def _short_label(region: PageRegion) -> str:
    """A region's label without "PRESENT · ": the colour and tag say that; others keep theirs."""
    _, _, rest = region.label.partition(" · ")
    return rest if rest and region.kind == EffectiveStatus.PRESENT else region.label


def page_regions(highlights: list[Highlight]) -> list[PageRegion]:
    """The highlights as printed: one region per highlight and page, from its spans."""
    return [
        PageRegion(
            span.page,
            span.boxes,
            item.start,
            item.end,
            item.label,
            item.kind.value,
            item.clause_id,
            item.spans,
        )
        for item in highlights
        for span in item.spans
        if span.page is not None and span.boxes
    ]
