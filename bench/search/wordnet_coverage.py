# How far Debian's WordNet 3.0 (apt-get install wordnet-base) takes the query list's synonym words
# towards the demo catalogue's words: synonyms, hyponyms two levels down, hypernyms one up.
# Run: /usr/bin/python3 bench/search/wordnet_coverage.py   (docs/decisions/0009-lexical-search.md)
import re, sys, collections
D='/usr/share/wordnet/'
syn={}; ptr={}
for pos,f in (('n','data.noun'),('a','data.adj'),('s','data.adj')):
  if pos=='s': continue
  for line in open(D+f,encoding='latin-1'):
    if line.startswith('  '): continue
    parts=line.split(' | ')[0].split()
    off=parts[0]; wc=int(parts[3],16); words=[parts[4+2*i].lower().split('(')[0] for i in range(wc)]
    i=4+2*wc; pc=int(parts[i]); i+=1; ps=[]
    for k in range(pc):
      ps.append((parts[i],parts[i+1]+parts[i+2])); i+=4
    key=off+pos; syn[key]=words; ptr[key]=ps
index=collections.defaultdict(list)
for pos,f in (('n','index.noun'),('a','index.adj')):
  for line in open(D+f,encoding='latin-1'):
    if line.startswith('  '): continue
    p=line.split(); lemma=p[0]; n=int(p[2]); pc=int(p[3]); sc=int(p[5+pc]) if False else None
    offs=[x for x in p if re.fullmatch(r'\d{8}',x)]
    index[lemma]+= [o+pos for o in offs]
def norm(k): return k if k[-1] in 'na' else k[:-1]+'a'
def expand(w):
  keys=index.get(w) or index.get(w.rstrip('s')) or []
  out=set(); 
  for k in keys:
    k=norm(k)
    if k not in syn: continue
    out|=set(syn[k])
    frontier=[k]
    for depth in range(2):
      nxt=[]
      for f in frontier:
        for s,t in ptr.get(f,[]):
          if s in ('~','~i','&'):
            t2=norm(t)
            if t2 in syn: out|=set(syn[t2]); nxt.append(t2)
      frontier=nxt
    for s,t in ptr.get(k,[]):
      if s in ('@','@i','&'):
        t2=norm(t)
        if t2 in syn: out|=set(syn[t2])
  return {x.replace('_',' ') for x in out}
targets={
 'flowers':{'botanical','tulip','tulips','poppy','poppies','lily','lilies','wildflower','wildflowers','blossom','fern'},
 'mountains':{'hill','hills','summit','peak'},
 'ocean':{'sea','seascape','shore','coast','harbour','bay'},
 'sea':{'seascape','shore','coast','harbour','bay','ocean'},
 'beach':{'shore','coast','seascape'},
 'abstract':{'colour field','stripes','geometric'},
 'calm':{'serene','quiet','tranquil'},
 'peaceful':{'calm','serene','quiet'},
 'tranquil':{'calm','serene','quiet'},
 'nature':{'landscape','botanical','meadow','hills'},
 'countryside':{'landscape','meadow','hills','valley','prairie','moor'},
 'boats':{'regatta','harbour'},
 'floral':{'botanical','tulips','poppies','lilies'},
 'minimalist':{'colour field','stripes'},
 'harbor':{'harbour'},
}
hit=0
for w,t in targets.items():
  e=expand(w); got=e&t
  print(f"{w:12s} wordnet expansion {len(e):4d} words; catalogue words reached: {sorted(got)}")
  hit+= bool(got)
print(f"query words reaching at least one relevant catalogue word: {hit}/{len(targets)}")
