import { generateCatalog } from "./workers/demo-shop/catalog.ts";
import { renderPainting } from "./workers/demo-shop/painting.ts";
import { encodePaintingPng } from "./workers/demo-shop/png.ts";
import { measureColourShares } from "./workers/demo-shop/colour-share.ts";
import { writeFileSync, mkdirSync } from "node:fs";
const c = generateCatalog(1);
let tr=0, te=0, tm=0, bytes=0; const bad:any[]=[]; let minP=1; const byStyle:Record<string,number>={};
mkdirSync('/tmp/paint',{recursive:true});
for (const w of c.artworks) {
  let t=performance.now(); const p = renderPainting(w); tr+=performance.now()-t;
  t=performance.now(); const png = encodePaintingPng(p); te+=performance.now()-t; bytes+=png.length;
  t=performance.now(); const s = measureColourShares(p.rgba,4,[w.primaryColour,...w.secondaryColours]); tm+=performance.now()-t;
  const ps = s[w.primaryColour]!; minP=Math.min(minP,ps); byStyle[w.style]=Math.min(byStyle[w.style]??1,ps);
  const sec = w.secondaryColours.map(n=>s[n]!);
  if (ps<0.58 || ps>0.8 || sec.some(x=>x<0.01)) bad.push([w.id,w.style,w.orientation,JSON.stringify(s)]);
  if (w.id<1025) writeFileSync(`/tmp/paint/${w.id}-${w.style}.png`, png);
}
console.log({tr,te,tm,bytes,minP,byStyle}); console.log(bad.length, bad.slice(0,30));
