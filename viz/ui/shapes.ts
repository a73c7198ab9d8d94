/**
 * SVG path data for the role shapes of model/roles.ts, centred on (0, 0), radius r.
 * d3.symbol covers the simple ones; the tutorial's own pictograms (cloud, wall, drum,
 * hexagon) are drawn here.
 */
import { symbol, symbolCircle, symbolDiamond, symbolSquare, symbolStar, symbolTriangle } from "d3";
import type { Shape } from "../model/roles";

const sym = (type: Parameters<typeof symbol>[0], r: number): string => symbol(type, Math.PI * r * r * 0.9)() ?? "";

export function shapePath(shape: Shape, r: number): string {
  switch (shape) {
    case "circle": return sym(symbolCircle, r);
    case "square": return sym(symbolSquare, r * 1.1);
    case "diamond": return sym(symbolDiamond, r * 1.1);
    case "triangle": return sym(symbolTriangle, r * 1.2);
    case "star": return sym(symbolStar, r * 1.3);
    case "hexagon": return polygon(6, r * 1.1, 0);
    case "pentagon": return polygon(5, r * 1.15, -Math.PI / 2);
    case "octagon": return polygon(8, r * 1.1, Math.PI / 8);
    case "cloud": {
      const w = r * 1.8, h = r * 1.1;
      return `M${-w},${h * 0.4} a${h * 0.6},${h * 0.6} 0 0 1 ${h * 0.5},${-h} a${h * 0.8},${h * 0.8} 0 0 1 ${w * 0.9},${-h * 0.3} a${h * 0.7},${h * 0.7} 0 0 1 ${w * 0.9},${h * 0.6} a${h * 0.5},${h * 0.5} 0 0 1 ${-h * 0.1},${h * 1.1} Z`;
    }
    case "wall": {
      const w = r * 0.7, h = r * 1.4;
      return `M${-w},${-h}H${w}V${h}H${-w}Z M${-w},${-h / 3}H${w} M${-w},${h / 3}H${w} M0,${-h}V${-h / 3} M${-w / 2},${-h / 3}V${h / 3} M${w / 2},${-h / 3}V${h / 3} M0,${h / 3}V${h}`;
    }
    case "drum": {
      const w = r, h = r * 1.1, e = r * 0.35;
      return `M${-w},${-h + e} a${w},${e} 0 0 1 ${2 * w},0 V${h - e} a${w},${e} 0 0 1 ${-2 * w},0 Z M${-w},${-h + e} a${w},${e} 0 0 0 ${2 * w},0`;
    }
  }
}

function polygon(n: number, r: number, phase: number): string {
  const pts = Array.from({ length: n }, (_, i) => [r * Math.cos(phase + (2 * Math.PI * i) / n), r * Math.sin(phase + (2 * Math.PI * i) / n)]);
  return `M${pts.map((p) => p.join(",")).join("L")}Z`;
}
