/**
 * The one stylesheet of every page (inlined by the layout: pages load nothing else). Mobile
 * first: one column from 320 px, wider margins from 40em. Colours meet WCAG 2.1 AA contrast
 * (text ≥ 4.5:1 on its background); focus is a thick yellow-and-black ring that shows on any
 * background; states are said in words too, never by colour alone.
 */
export const css = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#f3f4f6;color:#1f2933;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;overflow-wrap:break-word}
a{color:#1d4f91}
a:hover{color:#0b2e5c}
:focus-visible{outline:3px solid #ffbf47;outline-offset:0;box-shadow:0 0 0 6px #0b0c0c}
a:focus-visible{outline:none;background:#ffbf47;color:#0b0c0c;box-shadow:0 -2px #ffbf47,0 4px #0b0c0c;text-decoration:none}
.skip-link{position:absolute;left:-9999px;top:0;padding:8px 12px;background:#ffbf47;color:#0b0c0c}
.skip-link:focus{left:8px;top:8px;z-index:10}
.wrap{max-width:960px;margin:0 auto;padding:0 14px}
.site-header{background:#102a43;color:#fff}
.site-header .wrap{display:flex;flex-wrap:wrap;align-items:center;gap:4px 16px;padding-top:10px;padding-bottom:10px}
.brand{color:#fff;font-weight:700;font-size:1.35rem;text-decoration:none;letter-spacing:.02em}
.brand:hover{color:#fff;text-decoration:underline}
.regency{color:#d9e2ec;font-size:.95rem}
.person{margin-left:auto;display:flex;flex-wrap:wrap;align-items:center;gap:8px;color:#fff;font-size:.95rem}
.person form{display:inline}
.person .button{margin:0;padding:4px 12px;font-size:.9rem}
.site-nav{background:#243b53}
.site-nav ul{list-style:none;margin:0 auto;padding:0 14px;max-width:960px;display:flex;flex-wrap:wrap;gap:0 4px}
.site-nav a{display:block;padding:10px 8px;color:#fff;text-decoration:none}
.site-nav a:hover{text-decoration:underline}
.site-nav a[aria-current]{font-weight:700;box-shadow:inset 0 -4px #ffbf47}
main.wrap{display:block;padding-top:20px;padding-bottom:32px}
main:focus{outline:none}
.card{background:#fff;border:1px solid #d9dde3;border-radius:8px;padding:18px 16px;margin:0 0 16px}
h1{margin:0 0 16px;font-size:1.5rem;line-height:1.25;color:#102a43}
h2{margin:28px 0 10px;font-size:1.2rem;line-height:1.3;color:#102a43}
h3{margin:20px 0 8px;font-size:1.05rem;color:#102a43}
p{margin:0 0 12px}
ul,ol{margin:0 0 12px;padding-left:1.4em}
.lead{font-size:1.1rem}
.muted{color:#52606d;font-size:.92rem}
.visually-hidden{position:absolute!important;width:1px;height:1px;margin:0;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
blockquote{margin:0 0 12px;padding:10px 14px;border-left:4px solid #9aa5b1;background:#f5f7fa}
.notice{margin:0 0 16px;padding:12px 14px;border:2px solid;border-left-width:8px;border-radius:4px}
.notice>:last-child{margin-bottom:0}
.notice-info{border-color:#2680c2;background:#f0f7fc}
.notice-warning{border-color:#b44d12;background:#fffaf0}
.notice-success{border-color:#0b6e4f;background:#effcf6}
.notice-title{display:block;font-weight:700;margin:0 0 4px}
.panel{margin:0 0 20px;padding:20px 16px;background:#0b6e4f;color:#fff;border-radius:6px;text-align:center}
.panel h1{color:#fff;margin:0 0 8px}
.panel p{margin:0}
.summary{margin:0 0 20px;border-top:1px solid #d9dde3}
.summary>div{padding:8px 0;border-bottom:1px solid #d9dde3}
.summary dt{font-weight:700;color:#334e68}
.summary dd{margin:2px 0 0}
.error-summary{margin:0 0 20px;padding:14px 16px;border:4px solid #ba2525;background:#fff}
.error-summary h2{margin:0 0 8px;font-size:1.15rem;color:#1f2933}
.error-summary ul{margin:0;padding-left:1.2em}
.error-summary a{color:#a61b1b;font-weight:700}
.field{margin:0 0 22px}
.field-error{padding-left:12px;border-left:4px solid #ba2525}
fieldset{margin:0;padding:0;border:0;min-width:0}
label,legend{display:block;font-weight:700;margin:0 0 4px;padding:0}
legend{font-size:1rem}
.required{font-weight:400;color:#52606d}
.hint{display:block;color:#52606d;margin:0 0 6px}
.error-message{display:block;color:#a61b1b;font-weight:700;margin:0 0 6px}
input[type=text],input[type=email],input[type=number],input[type=date],input[type=search],select,textarea{display:block;width:100%;max-width:100%;padding:8px 10px;font:inherit;color:inherit;background:#fff;border:2px solid #52606d;border-radius:0}
input.narrow,select.narrow{max-width:16em}
textarea{min-height:7em;resize:vertical}
[aria-invalid=true]{border-color:#ba2525}
.choice{display:flex;align-items:flex-start;gap:10px;margin:0 0 10px}
.choice input{flex:none;width:24px;height:24px;margin:2px 0 0}
.choice label{font-weight:400;margin:0}
.choice .hint{margin:2px 0 0}
.row{display:flex;flex-wrap:wrap;gap:0 16px;align-items:flex-end}
.row>.field{flex:1 1 10em}
.subfields{margin:0 0 22px;padding:12px 0 0 14px;border-left:4px solid #d9dde3}
.subfields>legend{margin-bottom:8px}
.actions{display:flex;flex-wrap:wrap;gap:12px;margin:20px 0 12px}
.button{display:inline-block;font:inherit;font-weight:700;line-height:1.25;padding:10px 18px;border-radius:4px;cursor:pointer;border:2px solid transparent;text-decoration:none;text-align:center}
.button-primary{background:#0b6e4f;border-color:#0b6e4f;color:#fff;box-shadow:0 2px #063d2c}
.button-primary:hover{background:#085a40;color:#fff}
.button-secondary{background:#fff;border-color:#334e68;color:#1f2933}
.button-secondary:hover{background:#f0f4f8;color:#1f2933}
.button-warning{background:#fff;border-color:#a61b1b;color:#a61b1b}
.button-warning:hover{background:#fff5f5;color:#a61b1b}
table{border-collapse:collapse;width:100%;margin:0 0 16px;font-size:.95rem}
th,td{text-align:left;vertical-align:top;padding:8px 10px 8px 0;border-bottom:1px solid #d9dde3}
.table-scroll{overflow-x:auto;margin:0 0 16px}
.table-scroll table{margin:0}
.footer{padding-bottom:24px;font-size:.85rem;color:#52606d}
@media (min-width:40em){
.wrap{padding:0 24px}
.site-nav ul{padding:0 24px}
.card{padding:24px 28px}
h1{font-size:1.9rem}
.summary>div{display:flex;gap:16px}
.summary dt{flex:0 0 34%}
.summary dd{margin:0;flex:1}
.panel{padding:28px}
}
`;
