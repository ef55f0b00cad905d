/* html: writes deck.html: faces as SVG (svg.h), the model's words as text and JSON, a small script. */
#include "html.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "card.h"
#include "output.h"
#include "svg.h"

const char *const html_label_keys[] = {
  "html.all",       /* the filter that shows every card set or theme */
  "html.sets",      /* heading of the card set filter */
  "html.themes",    /* heading of the theme filter */
  "html.draw",      /* button: draw a random card */
  "html.restart",   /* button: put every card back */
  "html.left",      /* {count}: cards not drawn yet */
  "html.drawn",     /* every card has been drawn */
  "html.close",     /* button: back to the overview */
  "html.fullscreen",/* button */
  "html.prev",      /* button: previous card or step */
  "html.next",      /* button: next card or step */
  "html.start",     /* button: start the step's timer */
  "html.pause",     /* button: pause it */
  "html.reset",     /* button: the step's time again */
  "html.step",      /* {n} {count}: which step */
  "html.timeup",    /* the step's time is up */
  "html.keys",      /* the keys, under the page */
};
const size_t html_n_label_keys = sizeof html_label_keys / sizeof html_label_keys[0];

/* Text for HTML element content or a quoted attribute. */
static void html_text(GString *out, const char *s) {
  for (; s && *s; s++) {
    switch (*s) {
    case '&': g_string_append(out, "&amp;"); break;
    case '<': g_string_append(out, "&lt;"); break;
    case '>': g_string_append(out, "&gt;"); break;
    case '"': g_string_append(out, "&quot;"); break;
    default: g_string_append_c(out, *s);
    }
  }
}

static char *html_escaped(const char *s) {
  GString *g = g_string_new(NULL);
  html_text(g, s);
  return g_string_free(g, FALSE);
}

/* A JSON string, safe inside <script> (no "</"). */
static void html_json(GString *out, const char *s) {
  g_string_append_c(out, '"');
  for (; s && *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') g_string_append_printf(out, "\\%c", c);
    else if (c == '<') g_string_append(out, "\\u003c");
    else if (c < 0x20) g_string_append_printf(out, "\\u%04x", c);
    else g_string_append_c(out, (char)c);
  }
  g_string_append_c(out, '"');
}

static const char html_style[] =
  "*{box-sizing:border-box}"
  "body{margin:0;font-family:'Noto Sans',system-ui,sans-serif;background:#f3f1ec;color:#222}"
  "header{padding:12px 20px;background:#fff;border-bottom:1px solid #ddd;display:flex;"
  "flex-wrap:wrap;gap:10px 24px;align-items:center;position:sticky;top:0;z-index:2}"
  "h1{font-size:20px;margin:0 24px 0 0}"
  ".group{display:flex;gap:6px;align-items:center;flex-wrap:wrap}"
  ".group span{font-size:13px;color:#666;margin-right:4px}"
  "button{font:inherit;font-size:14px;border:1px solid #bbb;background:#fff;border-radius:6px;"
  "padding:5px 11px;cursor:pointer}"
  "button[aria-pressed=true]{background:#234;color:#fff;border-color:#234}"
  "button:focus-visible,figure:focus-visible{outline:3px solid #e0a000;outline-offset:2px}"
  "main{padding:20px;display:grid;grid-template-columns:repeat(auto-fill,minmax(190px,1fr));gap:22px}"
  "figure{margin:0;cursor:pointer}"
  "figure svg{width:100%;height:auto;display:block;border-radius:8px;"
  "box-shadow:0 1px 4px rgba(0,0,0,.25);background:#fff}"
  "figcaption{font-size:13px;line-height:1.35;margin-top:8px}"
  "figcaption b{margin-right:6px}"
  "[hidden]{display:none!important}"
  "#view,#wv{position:fixed;inset:0;background:#1d232b;color:#fff;z-index:5;display:flex;"
  "flex-direction:column;align-items:center;justify-content:center;gap:14px;padding:16px}"
  "#stage{height:calc(100vh - 170px);aspect-ratio:63/88;max-width:95vw}"
  "#stage svg{width:100%;height:100%;border-radius:2.2vh;background:#fff}"
  "#vq{max-width:60em;text-align:center;font-size:18px;line-height:1.4}"
  ".bar{display:flex;gap:8px;flex-wrap:wrap;justify-content:center;align-items:center}"
  "#view button,#wv button{background:#2f3944;color:#fff;border-color:#56616d}"
  "#status{font-size:15px;color:#cfd6dd;min-height:1.2em}"
  "#wvname{font-size:28px;font-weight:bold;text-align:center}"
  "#wvstep{font-size:15px;color:#cfd6dd}"
  "#wvtext{font-size:26px;line-height:1.4;max-width:34em;text-align:center}"
  "#clock{font-size:96px;font-variant-numeric:tabular-nums;font-weight:bold}"
  "#clock.up{color:#ff8a65}"
  "footer{padding:8px 20px 24px;font-size:13px;color:#666}";

static const char html_script[] =
  "(function(){\n"
  "var D=JSON.parse(document.getElementById('data').textContent),L=D.labels;\n"
  "function fill(k,v){return L[k].replace(/\\{(\\w+)\\}/g,function(m,n){return n in v?v[n]:m;});}\n"
  "var figs=[].slice.call(document.querySelectorAll('main figure'));\n"
  "var set='',theme='',cur=-1,drawn=[],mode='grid';\n"
  "var $=function(id){return document.getElementById(id);};\n"
  "function visible(){return figs.filter(function(f){return !f.hidden;});}\n"
  "function press(group,val){[].forEach.call(document.querySelectorAll('[data-'+group+']'),"
  "function(b){if(b.tagName==='BUTTON')b.setAttribute('aria-pressed',b.dataset[group]===val);});}\n"
  "function apply(){figs.forEach(function(f){f.hidden=(set&&f.dataset.set!==set)||"
  "(theme&&f.dataset.theme!==theme);});press('set',set);press('theme',theme);drawn=[];status('');}\n"
  "function status(t){$('status').textContent=t;}\n"
  "function show(f){var v=visible();cur=v.indexOf(f);var st=$('stage');st.innerHTML='';"
  "st.appendChild(f.querySelector('svg').cloneNode(true));$('vq').textContent="
  "f.querySelector('figcaption').textContent;$('view').hidden=false;mode='view';$('vclose').focus();}\n"
  "function step(d){var v=visible();if(!v.length)return;if(cur<0)cur=0;"
  "cur=(cur+d+v.length)%v.length;show(v[cur]);}\n"
  "function draw(){var v=visible().filter(function(f){return drawn.indexOf(f)<0;});"
  "if(!v.length){status(L['html.drawn']);return;}var f=v[Math.floor(Math.random()*v.length)];"
  "drawn.push(f);show(f);status(fill('html.left',{count:v.length-1}));}\n"
  "function restart(){drawn=[];status(fill('html.left',{count:visible().length}));}\n"
  "function close(){$('view').hidden=true;$('wv').hidden=true;stop();mode='grid';"
  "if(document.fullscreenElement)document.exitFullscreen();}\n"
  "function full(){var el=mode==='wv'?$('wv'):mode==='view'?$('view'):document.documentElement;"
  "if(document.fullscreenElement)document.exitFullscreen();"
  "else if(el.requestFullscreen)el.requestFullscreen().catch(function(){});}\n"
  /* werkvormen */
  "var W=null,wi=0,left=0,timer=null;\n"
  "function mmss(s){var m=Math.floor(s/60),r=s%60;return (m<10?'0':'')+m+':'+(r<10?'0':'')+r;}\n"
  "function tick(){if(left>0)left--;$('clock').textContent=mmss(left);"
  "if(left===0){stop();$('clock').className='up';$('wvstatus').textContent=L['html.timeup'];}}\n"
  "function stop(){if(timer){clearInterval(timer);timer=null;}$('wvgo').textContent=L['html.start'];}\n"
  "function go(){if(timer){stop();return;}if(left===0)return;timer=setInterval(tick,1000);"
  "$('wvgo').textContent=L['html.pause'];}\n"
  "function wstep(i){var s=W.steps;wi=Math.max(0,Math.min(s.length-1,i));stop();"
  "left=s[wi].minutes*60;$('clock').textContent=mmss(left);$('clock').className='';"
  "$('wvstatus').textContent='';$('wvstep').textContent=fill('html.step',{n:wi+1,count:s.length})+"
  "' \\u00b7 '+fill('step.minutes',{minutes:s[wi].minutes});$('wvtext').textContent=s[wi].text;}\n"
  "function werkvorm(n){W=D.werkvormen[n];$('wvname').textContent=W.name;$('wv').hidden=false;"
  "mode='wv';wstep(0);$('wvgo').focus();}\n"
  "document.addEventListener('click',function(e){var b=e.target.closest('button,figure');if(!b)return;"
  "if(b.dataset.set!==undefined&&b.tagName==='BUTTON'){set=b.dataset.set;apply();}"
  "else if(b.dataset.theme!==undefined&&b.tagName==='BUTTON'){theme=b.dataset.theme;apply();}"
  "else if(b.dataset.werkvorm!==undefined)werkvorm(+b.dataset.werkvorm);"
  "else if(b.tagName==='FIGURE')show(b);"
  "else if(b.id==='draw'||b.id==='vdraw')draw();else if(b.id==='restart'||b.id==='vrestart')restart();"
  "else if(b.id==='vclose'||b.id==='wvclose')close();else if(b.id==='vprev')step(-1);"
  "else if(b.id==='vnext')step(1);else if(b.id==='vfull'||b.id==='wvfull'||b.id==='full')full();"
  "else if(b.id==='wvgo')go();else if(b.id==='wvprev')wstep(wi-1);else if(b.id==='wvnext')wstep(wi+1);"
  "else if(b.id==='wvreset')wstep(wi);});\n"
  "document.addEventListener('keydown',function(e){if(e.altKey||e.ctrlKey||e.metaKey)return;"
  "var k=e.key,h=true;"
  "if(k==='f'||k==='F')full();"
  "else if(k==='Escape')close();"
  "else if(mode==='wv'){if(k===' ')go();else if(k==='ArrowRight')wstep(wi+1);"
  "else if(k==='ArrowLeft')wstep(wi-1);else h=false;}"
  "else if(k===' ')draw();"
  "else if(mode==='view'&&(k==='ArrowRight'||k==='ArrowDown'))step(1);"
  "else if(mode==='view'&&(k==='ArrowLeft'||k==='ArrowUp'))step(-1);"
  "else if(k==='ArrowRight')move(1);else if(k==='ArrowLeft')move(-1);"
  "else if(k==='ArrowDown')move(gridcols());else if(k==='ArrowUp')move(-gridcols());"
  "else if(k==='Enter'&&document.activeElement.tagName==='FIGURE')show(document.activeElement);"
  "else h=false;"
  "if(h)e.preventDefault();});\n"
  "function move(d){var v=visible();if(!v.length)return;var i=v.indexOf(document.activeElement);"
  "i=i<0?0:Math.max(0,Math.min(v.length-1,i+d));cur=i;v[i].focus();}\n"
  "function gridcols(){var v=visible();if(v.length<2)return 1;var t=v[0].offsetTop,n=0;"
  "while(n<v.length&&v[n].offsetTop===t)n++;return n;}\n"
  "apply();\n"
  "window.kaartset={draw:draw,restart:restart,werkvorm:werkvorm,drawn:function(){return drawn.length;}};\n"
  "})();\n";

static void html_button(GString *out, const char *attr, const char *value, const char *words,
                        int pressed) {
  g_string_append_printf(out, "<button type=\"button\" %s=\"", attr);
  html_text(out, value);
  g_string_append_printf(out, "\"%s>", pressed >= 0 ? (pressed ? " aria-pressed=\"true\""
                                                             : " aria-pressed=\"false\"") : "");
  html_text(out, words);
  g_string_append(out, "</button>");
}

static const char *html_label(const model_instrument *m, const char *key) {
  const model_label *l = model_label_find(m, key);
  return l ? l->text : "";
}

enum { HTML_FLUSH = 1 << 20 }; /* bytes held before they are written */

/* Writes what out holds to f and empties it, once it holds more than a
 * little: a deck of thousands of cards makes tens of megabytes of page
 * (5,400 cards: 45 MB), which need not be in memory at once. */
static void html_flush(output_file *f, GString *out, size_t above) {
  if (out->len <= above) return;
  output_file_write(f, (const unsigned char *)out->str, (unsigned)out->len);
  g_string_truncate(out, 0);
}

int html_write_deck(const deck *k, const model_instrument *m, const char *path,
                    diag_list *d) {
  for (size_t i = 0; i < html_n_label_keys; i++)
    if (!model_label_find(m, html_label_keys[i])) {
      diag_warning(d, m->file, 0, "label '%s' is missing, so deck.html is not written (add "
                   "<label key=\"%s\"> to <labels>, as content/nl has it)", html_label_keys[i],
                   html_label_keys[i]);
      return 1;
    }
  /* The output module's checked writes: a full disk in plain words. */
  output_file file;
  if (output_file_open(&file, path, NULL, d) != 0) return -1;
  GString *out = g_string_new("<!DOCTYPE html>\n<html lang=\"");
  html_text(out, m->lang);
  /* A right-to-left edition's page reads from the right: buttons, cards
   * and captions in its order. */
  if (model_lang_rtl(m->lang)) g_string_append(out, "\" dir=\"rtl");
  g_string_append(out, "\">\n<head>\n<meta charset=\"utf-8\">\n"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                       "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                       "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n"
                       "<title>");
  html_text(out, m->meta.title);
  g_string_append_printf(out, "</title>\n<style>%s</style>\n</head>\n<body>\n<header>\n<h1>",
                         html_style);
  html_text(out, m->meta.title);
  g_string_append(out, "</h1>\n<div class=\"group\" role=\"group\"><span>");
  html_text(out, html_label(m, "html.sets"));
  g_string_append(out, "</span>");
  html_button(out, "data-set", "", html_label(m, "html.all"), 1);
  for (size_t i = 0; i < m->n_cardsets; i++)
    html_button(out, "data-set", m->cardsets[i].id, m->cardsets[i].name, 0);
  if (m->n_werkvormen) html_button(out, "data-set", "werkvorm", html_label(m, "werkvorm.set"), 0);
  g_string_append(out, "</div>\n<div class=\"group\" role=\"group\"><span>");
  html_text(out, html_label(m, "html.themes"));
  g_string_append(out, "</span>");
  html_button(out, "data-theme", "", html_label(m, "html.all"), 1);
  for (size_t i = 0; i < m->n_themes; i++)
    html_button(out, "data-theme", m->themes[i].id, m->themes[i].name, 0);
  g_string_append(out, "</div>\n<div class=\"group\">");
  html_button(out, "id", "draw", html_label(m, "html.draw"), -1);
  html_button(out, "id", "restart", html_label(m, "html.restart"), -1);
  html_button(out, "id", "full", html_label(m, "html.fullscreen"), -1);
  g_string_append(out, "</div>\n<div class=\"group\" role=\"group\"><span>");
  html_text(out, html_label(m, "werkvorm.set"));
  g_string_append(out, "</span>");
  for (size_t i = 0; i < m->n_werkvormen; i++) {
    char n[24];
    snprintf(n, sizeof n, "%zu", i);
    html_button(out, "data-werkvorm", n, m->werkvormen[i].name, -1);
  }
  g_string_append(out, "</div>\n</header>\n<main>\n");
  /* Every face's glyphs from one set of outlines, defined once at the end. */
  svg_glyphs *glyphs = svg_glyphs_new("g");

  for (size_t i = 0; i < k->n_faces; i++) {
    const card_face *f = &k->faces[i];
    char code[32];
    card_face_code(m, f, code, sizeof code);
    char *question = f->card ? model_text_plain(m, &f->card->question)
                             : g_strdup(f->werkvorm->name);
    char *label = html_escaped(question);
    g_string_append(out, "<figure tabindex=\"0\" data-set=\"");
    html_text(out, f->card ? f->card->set->id : "werkvorm");
    g_string_append(out, "\" data-theme=\"");
    html_text(out, f->card ? f->card->theme->id : "");
    g_string_append(out, "\" data-code=\"");
    html_text(out, code);
    g_string_append(out, "\">");
    char *attrs = g_strdup_printf("role=\"img\" aria-label=\"%s\"", label);
    svg_frame(out, f->front, glyphs, attrs);
    g_free(attrs);
    g_string_append(out, "<figcaption><b>");
    html_text(out, code);
    /* The question in its own direction: a text that falls back to the
     * reference edition reads left to right inside a right-to-left page. */
    g_string_append(out, "</b> <span dir=\"auto\">");
    html_text(out, question);
    g_string_append(out, "</span></figcaption></figure>\n");
    free(label);
    if (f->card) free(question); else g_free(question);
    html_flush(&file, out, HTML_FLUSH);
  }
  svg_glyphs_defs(out, glyphs);
  svg_glyphs_free(glyphs);
  g_string_append(out, "</main>\n<footer>");
  html_text(out, html_label(m, "html.keys"));
  g_string_append(out, "</footer>\n");

  /* The viewer and the werkvorm screen. */
  g_string_append(out, "<div id=\"view\" hidden><div id=\"stage\"></div><p id=\"vq\"></p>"
                       "<div class=\"bar\">");
  html_button(out, "id", "vprev", html_label(m, "html.prev"), -1);
  html_button(out, "id", "vdraw", html_label(m, "html.draw"), -1);
  html_button(out, "id", "vnext", html_label(m, "html.next"), -1);
  html_button(out, "id", "vrestart", html_label(m, "html.restart"), -1);
  html_button(out, "id", "vfull", html_label(m, "html.fullscreen"), -1);
  html_button(out, "id", "vclose", html_label(m, "html.close"), -1);
  g_string_append(out, "</div><div id=\"status\" role=\"status\"></div></div>\n"
                       "<div id=\"wv\" hidden><div id=\"wvname\"></div><div id=\"wvstep\"></div>"
                       "<div id=\"wvtext\"></div><div id=\"clock\" role=\"timer\">00:00</div>"
                       "<div id=\"wvstatus\" role=\"status\"></div><div class=\"bar\">");
  html_button(out, "id", "wvprev", html_label(m, "html.prev"), -1);
  html_button(out, "id", "wvgo", html_label(m, "html.start"), -1);
  html_button(out, "id", "wvreset", html_label(m, "html.reset"), -1);
  html_button(out, "id", "wvnext", html_label(m, "html.next"), -1);
  html_button(out, "id", "wvfull", html_label(m, "html.fullscreen"), -1);
  html_button(out, "id", "wvclose", html_label(m, "html.close"), -1);
  g_string_append(out, "</div></div>\n");

  /* The words the script prints, and the werkvormen's steps. */
  g_string_append(out, "<script type=\"application/json\" id=\"data\">{\"labels\":{");
  const char *extra[] = {"step.minutes", "werkvorm.set"};
  for (size_t i = 0; i < html_n_label_keys + 2; i++) {
    const char *key = i < html_n_label_keys ? html_label_keys[i] : extra[i - html_n_label_keys];
    if (i) g_string_append_c(out, ',');
    html_json(out, key);
    g_string_append_c(out, ':');
    html_json(out, html_label(m, key));
  }
  g_string_append(out, "},\"werkvormen\":[");
  for (size_t i = 0; i < m->n_werkvormen; i++) {
    const model_werkvorm *w = &m->werkvormen[i];
    g_string_append(out, i ? ",{\"name\":" : "{\"name\":");
    html_json(out, w->name);
    g_string_append(out, ",\"steps\":[");
    for (size_t s = 0; s < w->n_steps; s++) {
      char *text = model_text_plain(m, &w->steps[s].text);
      g_string_append_printf(out, "%s{\"minutes\":%d,\"text\":", s ? "," : "",
                             w->steps[s].minutes);
      html_json(out, text);
      g_string_append_c(out, '}');
      free(text);
    }
    g_string_append(out, "]}");
  }
  g_string_append_printf(out, "]}</script>\n<script>%s</script>\n</body>\n</html>\n",
                         html_script);

  html_flush(&file, out, 0);
  g_string_free(out, TRUE);
  return output_file_close(&file, 0, NULL, d); /* the commit syncs it */
}
