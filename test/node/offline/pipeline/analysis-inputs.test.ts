/** `run` keeps the map, vibes and neighbours only while what they are computed from is unchanged. */
import { mkdtempSync, rmSync, unlinkSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { analysisCurrent, analysisInputs, recordAnalysisInputs } from "../../../../offline/commands/analyse";
import { Workspace, type PulledArtwork } from "../../../../offline/workspace";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const hash = (n: number) => n.toString(16).padStart(64, "0");
const work = (id: number, tags: string[] = ["blue"]): PulledArtwork => ({ id, slug: `w-${id}`, title: `Work ${id}`, artist: null, tags, imageHash: hash(id), available: true, updatedAt: 1 });

/** A work folder with three embedded works and a complete analysis recorded. */
function analysed(): { ws: Workspace; inputs: string } {
  const dir = mkdtempSync(join(tmpdir(), "art-snob-analysis-"));
  dirs.push(dir);
  const ws = new Workspace(dir);
  ws.savePullState({ cursor: null, artworks: Object.fromEntries([1, 2, 3].map((id) => [String(id), work(id)])) });
  for (const id of [1, 2, 3]) ws.writeEmbedding("m", hash(id), new Float32Array([id, 1, 0, 0]));
  for (const name of ["map", "clusters", "neighbours"]) ws.writeJson(ws.resultPath("m", name), []);
  const inputs = analysisInputs(ws, "m");
  recordAnalysisInputs(ws, "m", inputs);
  return { ws, inputs };
}

describe("the analysis inputs", () => {
  it("stay the same when nothing the analysis reads changed (a retitled work included)", () => {
    const { ws, inputs } = analysed();
    expect(analysisCurrent(ws, "m", analysisInputs(ws, "m"))).toBe(true);
    const state = ws.pullState();
    state.artworks["2"] = { ...state.artworks["2"]!, title: "Renamed", updatedAt: 2 };
    ws.savePullState(state);
    expect(analysisInputs(ws, "m")).toBe(inputs);
  });

  it("change with a work's tags, a work becoming unavailable, a new embedded work, a re-embedded image or another model", () => {
    const changes: Array<(ws: Workspace) => void> = [
      (ws) => {
        const state = ws.pullState();
        state.artworks["1"] = work(1, ["red"]);
        ws.savePullState(state);
      },
      (ws) => {
        const state = ws.pullState();
        state.artworks["3"] = { ...work(3), available: false };
        ws.savePullState(state);
      },
      (ws) => {
        const state = ws.pullState();
        state.artworks["4"] = work(4);
        ws.savePullState(state);
        ws.writeEmbedding("m", hash(4), new Float32Array([4, 1, 0, 0]));
      },
      (ws) => utimesSync(ws.embeddingPath("m", hash(2)), new Date(), new Date(Date.now() + 60_000)),
    ];
    for (const [i, change] of changes.entries()) {
      const { ws, inputs } = analysed();
      change(ws);
      expect(analysisInputs(ws, "m"), `change ${i}`).not.toBe(inputs);
      expect(analysisCurrent(ws, "m", analysisInputs(ws, "m")), `change ${i}`).toBe(false);
    }
    const { ws, inputs } = analysed();
    expect(analysisInputs(ws, "other-model")).not.toBe(inputs);
  });

  it("are not current when a result is missing (a run killed before it wrote all three)", () => {
    const { ws, inputs } = analysed();
    unlinkSync(ws.resultPath("m", "clusters"));
    expect(analysisCurrent(ws, "m", inputs)).toBe(false);
  });

  it("ignore a work that is not embedded yet, as the analysis does", () => {
    const { ws, inputs } = analysed();
    const state = ws.pullState();
    state.artworks["5"] = work(5);
    ws.savePullState(state);
    expect(analysisInputs(ws, "m")).toBe(inputs);
  });
});
