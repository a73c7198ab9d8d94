/**
 * Play / pause, step one event, step to the next decision, speed (log scale), the
 * scrubbable timeline with fault markers, and the keyboard: space toggles play,
 * → steps one event, ↓ (or Shift+→) steps to the next decision, ← goes back one
 * sampling interval (replayed).
 */
import { t, type Lang } from "../i18n";
import { clock } from "../model/format";
import { markers, posOf, speedOf } from "../model/timeline";
import type { Loaded } from "../protocol";

export interface ControlActions {
  toggle(): void;
  step(mode: "event" | "decision"): void;
  seek(t: number): void;
  speed(v: number): void;
}

export class Controls {
  private readonly el: HTMLElement;
  private play!: HTMLButtonElement;
  private stepE!: HTMLButtonElement;
  private stepD!: HTMLButtonElement;
  private speedIn!: HTMLInputElement;
  private speedOut!: HTMLOutputElement;
  private range!: HTMLInputElement;
  private timeOut!: HTMLOutputElement;
  private marks!: HTMLElement;
  private info: Loaded | undefined;
  private dragging = false;
  private shown = "";
  private shownAt = 0;

  constructor(parent: HTMLElement, private readonly act: ControlActions, initialSpeed: number) {
    this.el = parent;
    this.el.innerHTML = "";
    const mk = <K extends keyof HTMLElementTagNameMap>(tag: K, cls: string, p: HTMLElement = this.el): HTMLElementTagNameMap[K] => {
      const e = document.createElement(tag);
      e.className = cls;
      p.append(e);
      return e;
    };
    this.play = mk("button", "play");
    this.play.id = "play";
    this.play.onclick = () => this.act.toggle();
    this.stepE = mk("button", "step");
    this.stepE.id = "step-event";
    this.stepE.onclick = () => this.act.step("event");
    this.stepD = mk("button", "step");
    this.stepD.id = "step-decision";
    this.stepD.onclick = () => this.act.step("decision");
    const sp = mk("label", "speed");
    this.speedIn = mk("input", "", sp);
    this.speedIn.type = "range";
    this.speedIn.min = "0";
    this.speedIn.max = "1000";
    this.speedIn.id = "speed";
    this.speedIn.value = String(posOf(initialSpeed));
    this.speedOut = mk("output", "", sp);
    this.speedIn.oninput = () => this.act.speed(speedOf(Number(this.speedIn.value)));
    const tl = mk("div", "timeline");
    this.marks = mk("div", "marks", tl);
    this.range = mk("input", "", tl);
    this.range.type = "range";
    this.range.id = "timeline";
    this.range.min = "0";
    this.range.step = "any";
    this.range.onpointerdown = () => { this.dragging = true; };
    this.range.onchange = () => { this.dragging = false; this.act.seek(Number(this.range.value)); };
    this.timeOut = mk("output", "time");
    this.timeOut.id = "time";
  }

  setup(info: Loaded, lang: Lang, speed: number): void {
    this.info = info;
    this.range.max = String(info.duration);
    this.marks.innerHTML = "";
    for (const m of markers(info.faults, info.duration)) {
      const d = document.createElement("span");
      d.className = m.width > 0 ? "mark span" : "mark";
      d.style.left = `${m.left}%`;
      if (m.width > 0) d.style.width = `${m.width}%`;
      d.title = m.label;
      this.marks.append(d);
    }
    this.labels(lang, false, speed);
  }

  labels(lang: Lang, playing: boolean, speed: number): void {
    this.play.textContent = playing ? `❚❚ ${t(lang, "ui.pause")}` : `▶ ${t(lang, "ui.play")}`;
    this.play.setAttribute("aria-pressed", String(playing));
    this.stepE.textContent = `→ ${t(lang, "ui.stepEvent")}`;
    this.stepD.textContent = `⇒ ${t(lang, "ui.stepDecision")}`;
    this.speedIn.setAttribute("aria-label", t(lang, "ui.speed"));
    this.range.setAttribute("aria-label", t(lang, "ui.time"));
    this.speedOut.textContent = `${speed} ${t(lang, "ui.speedUnit")}`;
  }

  /** Show the time; the slider and the text are touched only when they change visibly (repaints cost). */
  time(now: number): void {
    const d = this.info?.duration ?? 0;
    const text = `${clock(now)} / ${clock(d)}`;
    const wall = performance.now();
    if (text === this.shown || (wall - this.shownAt < 200 && Math.abs(now - d) > 1e-9)) return;
    this.shown = text;
    this.shownAt = wall;
    if (!this.dragging) this.range.value = String(now);
    this.timeOut.textContent = text;
  }
}

/** Keyboard shortcuts; ignored while typing in a field. */
export function bindKeys(act: ControlActions, now: () => number, back: () => number): void {
  document.addEventListener("keydown", (ev) => {
    const tgt = ev.target as HTMLElement | null;
    if (tgt && (tgt.tagName === "TEXTAREA" || (tgt.tagName === "INPUT" && (tgt as HTMLInputElement).type === "text") || tgt.tagName === "SELECT")) return;
    if (ev.key === " " && tgt?.tagName !== "BUTTON") { ev.preventDefault(); act.toggle(); }
    else if (ev.key === "ArrowRight" && tgt?.tagName !== "INPUT") { ev.preventDefault(); act.step(ev.shiftKey ? "decision" : "event"); }
    else if (ev.key === "ArrowDown" && tgt?.tagName !== "INPUT") { ev.preventDefault(); act.step("decision"); }
    else if (ev.key === "ArrowLeft" && tgt?.tagName !== "INPUT") { ev.preventDefault(); act.seek(Math.max(0, now() - back())); }
  });
}
