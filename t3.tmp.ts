import { generateCatalog } from "./workers/demo-shop/catalog.ts";
import { renderPainting } from "./workers/demo-shop/painting.ts";
import { encode } from "fast-png";
const c = generateCatalog(1);
const ps = c.artworks.map(renderPainting);
for (const level of [1,3,6]) { let t=performance.now(), b=0;
 for (const p of ps) { const rgb=new Uint8Array(p.width*p.height*3); for(let i=0,j=0;i<p.rgba.length;i+=4,j+=3){rgb[j]=p.rgba[i]!;rgb[j+1]=p.rgba[i+1]!;rgb[j+2]=p.rgba[i+2]!;} b+=encode({width:p.width,height:p.height,data:rgb,channels:3,depth:8},{zlib:{level}}).length; }
 console.log(level, (performance.now()-t).toFixed(0), b); }
