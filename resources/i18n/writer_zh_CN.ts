<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
    <context>
        <name>Buttons</name>
        <message>
            <location filename="../../writer/ui/i18n.py" line="57" />
            <source>&amp;OK</source>
            <translation>确定(&amp;O)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/i18n.py" line="58" />
            <source>&amp;Cancel</source>
            <translation>取消(&amp;C)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/i18n.py" line="59" />
            <source>C&amp;lose</source>
            <translation>关闭(&amp;L)</translation>
        </message>
    </context>
    <context>
        <name>Catalog</name>
        <message>
            <location filename="../../resources/catalog.json" line="16" />
            <source>Instant completions on any machine; short, simple English continuations. Comes with Writer.</source>
            <translation>在任何电脑上即时补全；简短、朴素的英文续写。随 Writer 附带。</translation>
        </message>
        <message>
            <location filename="../../resources/catalog.json" line="30" />
            <source>Fast completions in many languages on older laptops; better grammar than the starter.</source>
            <translation>在旧笔记本上也能快速补全多种语言；语法比入门模型更好。</translation>
        </message>
        <message>
            <location filename="../../resources/catalog.json" line="43" />
            <source>Fluent English prose and quick rewrites on a laptop CPU.</source>
            <translation>在笔记本 CPU 上写出流畅的英文并快速改写。</translation>
        </message>
        <message>
            <location filename="../../resources/catalog.json" line="56" />
            <source>Multilingual rewriting and summaries; follows instructions well for its size.</source>
            <translation>多语言改写和摘要；就其大小而言很能遵循指令。</translation>
        </message>
        <message>
            <location filename="../../resources/catalog.json" line="69" />
            <source>The starter's big sibling: natural English continuations, fully open licence.</source>
            <translation>入门模型的大号兄弟：自然的英文续写，完全开放的许可证。</translation>
        </message>
        <message>
            <location filename="../../resources/catalog.json" line="82" />
            <source>Polished, readable English; good at tone changes and tightening prose.</source>
            <translation>文笔精致、易读的英文；擅长调整语气、精简文字。</translation>
        </message>
        <message>
            <location filename="../../resources/catalog.json" line="95" />
            <source>A strong all-rounder for drafting, rewriting and brainstorming on 8 GB machines.</source>
            <translation>在 8 GB 内存的电脑上起草、改写和头脑风暴都很出色的全能模型。</translation>
        </message>
        <message>
            <location filename="../../resources/catalog.json" line="109" />
            <source>Careful multilingual rewriting and translation; non-commercial licence.</source>
            <translation>细致的多语言改写和翻译；许可证不允许商用。</translation>
        </message>
        <message>
            <location filename="../../resources/catalog.json" line="122" />
            <source>Structured, reasoned text: outlines, explanations, argument checks. Needs more memory for long contexts.</source>
            <translation>条理清楚、讲道理的文字：提纲、解释、论证检查。长上下文需要更多内存。</translation>
        </message>
        <message>
            <location filename="../../resources/catalog.json" line="135" />
            <source>The richest prose in this list, for machines with 8 GB free or a GPU.</source>
            <translation>本列表中文笔最丰富的模型，适合有 8 GB 空闲内存或 GPU 的电脑。</translation>
        </message>
    </context>
    <context>
        <name>CatalogTab</name>
        <message>
            <location filename="../../writer/ui/models_catalog.py" line="38" />
            <source>Model</source>
            <translation>模型</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_catalog.py" line="38" />
            <source>Size</source>
            <translation>大小</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_catalog.py" line="38" />
            <source>Languages</source>
            <translation>语言</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_catalog.py" line="38" />
            <source>Memory</source>
            <translation>内存</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_catalog.py" line="39" />
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_catalog.py" line="42" />
            <source>Models in the catalog</source>
            <translation>推荐目录中的模型</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_catalog.py" line="45" />
            <source>Models chosen for writing: pick one to read what it is good at.</source>
            <translation>为写作挑选的模型：选择一个，查看它擅长什么。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_catalog.py" line="46" />
            <location filename="../../writer/ui/models_catalog.py" line="157" />
            <source>&amp;Download</source>
            <translation>下载(&amp;D)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_catalog.py" line="88" />
            <source>installed</source>
            <translation>已安装</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_catalog.py" line="94" />
            <source>downloading</source>
            <translation>下载中</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_catalog.py" line="98" />
            <source>{0}% downloaded</source>
            <translation>已下载 {0}%</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_catalog.py" line="99" />
            <source>{0}% downloaded — Resume continues it</source>
            <translation>已下载 {0}% — “继续下载”接着下载</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_catalog.py" line="104" />
            <source>(starter)</source>
            <translation>（入门模型）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_catalog.py" line="155" />
            <source>Add to &amp;Queue</source>
            <translation>加入队列(&amp;Q)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_catalog.py" line="156" />
            <source>&amp;Resume</source>
            <translation>继续下载(&amp;R)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_catalog.py" line="167" />
            <source>{0} · {1} · licence: {2} · languages: {3}</source>
            <translation>{0} · {1} · 许可证：{2} · 语言：{3}</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_catalog.py" line="175" />
            <source>It is downloading now.</source>
            <translation>它正在下载。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_catalog.py" line="181" />
            <source>{0} of {1} downloaded before; Resume continues from there.</source>
            <translation>之前已下载 {0} / {1}；“继续下载”从那里接着下载。</translation>
        </message>
    </context>
    <context>
        <name>ChangeBar</name>
        <message>
            <location filename="../../writer/ui/rewrite.py" line="239" />
            <source>Accept (Enter)</source>
            <translation>接受 (回车)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/rewrite.py" line="240" />
            <source>Reject (Esc)</source>
            <translation>拒绝 (Esc)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/rewrite.py" line="241" />
            <source>Stop (Alt+S)</source>
            <translation>停止 (Alt+S)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/rewrite.py" line="242" />
            <source>Retry (Alt+R)</source>
            <translation>重试 (Alt+R)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/rewrite.py" line="244" />
            <source>Ask for another version (Alt+R, or Ctrl+Shift+R again); Alt+[ and Alt+] go through the versions.</source>
            <translation>再要一个版本（Alt+R，或再按 Ctrl+Shift+R）；Alt+[ 和 Alt+] 在各版本间切换。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/rewrite.py" line="249" />
            <source>Stop writing and keep what came</source>
            <translation>停止生成，保留已写出的内容</translation>
        </message>
    </context>
    <context>
        <name>CommandPalette</name>
        <message>
            <location filename="../../writer/ui/palette.py" line="156" />
            <source>{0}: {1}</source>
            <translation>{0}：{1}</translation>
        </message>
        <message>
            <location filename="../../writer/ui/palette.py" line="466" />
            <source>line {0}</source>
            <translation>第 {0} 行</translation>
        </message>
        <message>
            <location filename="../../writer/ui/palette.py" line="474" />
            <location filename="../../writer/ui/palette.py" line="478" />
            <source>{0}, line {1}</source>
            <translation>{0}，第 {1} 行</translation>
        </message>
        <message>
            <location filename="../../writer/ui/palette.py" line="484" />
            <source>Go to line {0}</source>
            <translation>转到第 {0} 行</translation>
        </message>
        <message>
            <location filename="../../writer/ui/palette.py" line="502" />
            <source>on</source>
            <translation>已开启</translation>
        </message>
        <message>
            <location filename="../../writer/ui/palette.py" line="502" />
            <source>off</source>
            <translation>已关闭</translation>
        </message>
        <message>
            <location filename="../../writer/ui/palette.py" line="788" />
            <source>Type part of a command's name, # for a heading, or : and a line's number</source>
            <translation>输入命令名称的一部分，输入 # 转到标题，或输入 : 加行号转到该行</translation>
        </message>
        <message>
            <location filename="../../writer/ui/palette.py" line="790" />
            <source>Type part of a document's name; &gt; for a command, # for a heading, : and a line's number</source>
            <translation>输入文档名的一部分；输入 &gt; 查找命令，# 查找标题，: 加行号转到某行</translation>
        </message>
        <message>
            <location filename="../../writer/ui/palette.py" line="793" />
            <source>Command</source>
            <translation>命令</translation>
        </message>
        <message>
            <location filename="../../writer/ui/palette.py" line="799" />
            <source>Commands</source>
            <translation>命令列表</translation>
        </message>
        <message>
            <location filename="../../writer/ui/palette.py" line="825" />
            <source>Type a line's number, from 1 to {0}</source>
            <translation>输入行号，从 1 到 {0}</translation>
        </message>
        <message>
            <location filename="../../writer/ui/palette.py" line="833" />
            <source>Reading the project…</source>
            <translation>正在读取项目…</translation>
        </message>
        <message>
            <location filename="../../writer/ui/palette.py" line="835" />
            <source>No documents to go to: open a folder as a project (File → Open Folder) or a document, and they are listed here</source>
            <translation>还没有可转到的文档：把一个文件夹作为项目打开（文件 → 打开文件夹），或打开一篇文档，它们就会列在这里</translation>
        </message>
        <message>
            <location filename="../../writer/ui/palette.py" line="837" />
            <source>No document matches</source>
            <translation>没有匹配的文档</translation>
        </message>
        <message>
            <location filename="../../writer/ui/palette.py" line="866" />
            <source>No command matches</source>
            <translation>没有匹配的命令</translation>
        </message>
        <message>
            <location filename="../../writer/ui/palette.py" line="868" />
            <source>No command matches: Go to File goes to a document, # to a heading</source>
            <translation>没有匹配的命令：“转到文件”转到文档，# 转到标题</translation>
        </message>
        <message>
            <location filename="../../writer/ui/palette.py" line="870" />
            <source>No command matches: {0} goes to a document, # to a heading</source>
            <translation>没有匹配的命令：{0} 转到文档，# 转到标题</translation>
        </message>
        <message>
            <location filename="../../writer/ui/palette.py" line="878" />
            <location filename="../../writer/ui/palette.py" line="884" />
            <source>No heading matches</source>
            <translation>没有匹配的标题</translation>
        </message>
        <message>
            <location filename="../../writer/ui/palette.py" line="879" />
            <source>This document has no headings (lines such as “## Chapter One”)</source>
            <translation>这篇文档没有标题（标题是像“## 第一章”这样的行）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/palette.py" line="882" />
            <source>No heading matches yet: the project's documents are still being read…</source>
            <translation>暂无匹配的标题：仍在读取项目的文档…</translation>
        </message>
        <message>
            <location filename="../../writer/ui/palette.py" line="885" />
            <source>The project's documents have no headings (lines such as “## Chapter One”)</source>
            <translation>项目的文档都没有标题（标题是像“## 第一章”这样的行）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/palette.py" line="927" />
            <source>Type words of a title to find the headings of the project's other documents</source>
            <translation>输入标题中的词，查找项目中其他文档的标题</translation>
        </message>
        <message>
            <location filename="../../writer/ui/palette.py" line="943" />
            <source>More headings of the project's other documents match: type more of a title</source>
            <translation>项目其他文档中还有更多匹配的标题：请多输入标题中的字词</translation>
        </message>
    </context>
    <context>
        <name>ContextPanel</name>
        <message>
            <location filename="../../writer/ui/context_panel.py" line="90" />
            <location filename="../../writer/ui/context_panel.py" line="138" />
            <source>Context</source>
            <translation>上下文</translation>
        </message>
        <message>
            <location filename="../../writer/ui/context_panel.py" line="113" />
            <location filename="../../writer/ui/context_panel.py" line="139" />
            <source>Part</source>
            <translation>部分</translation>
        </message>
        <message>
            <location filename="../../writer/ui/context_panel.py" line="113" />
            <location filename="../../writer/ui/context_panel.py" line="139" />
            <source>Tokens</source>
            <translation>词元</translation>
        </message>
        <message>
            <location filename="../../writer/ui/context_panel.py" line="122" />
            <location filename="../../writer/ui/context_panel.py" line="140" />
            <source>Select a part to see its text.</source>
            <translation>选择一个部分以查看其文本。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/context_panel.py" line="179" />
            <source>(and {0} more)</source>
            <translation>（另有 {0} 条）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/context_panel.py" line="191" />
            <source>cut to fit</source>
            <translation>截短以放下</translation>
        </message>
        <message>
            <location filename="../../writer/ui/context_panel.py" line="192" />
            <source>Notes</source>
            <translation>笔记</translation>
        </message>
        <message>
            <location filename="../../writer/ui/context_panel.py" line="195" />
            <location filename="../../writer/ui/context_panel.py" line="224" />
            <source>by “{0}”</source>
            <translation>由“{0}”触发</translation>
        </message>
        <message>
            <location filename="../../writer/ui/context_panel.py" line="196" />
            <source>Lore entries</source>
            <translation>设定条目</translation>
        </message>
        <message>
            <location filename="../../writer/ui/context_panel.py" line="198" />
            <source>shares: {0}</source>
            <translation>共有：{0}</translation>
        </message>
        <message>
            <location filename="../../writer/ui/context_panel.py" line="199" />
            <source>Later in this project</source>
            <translation>本项目中在此之后的部分</translation>
        </message>
        <message>
            <location filename="../../writer/ui/context_panel.py" line="199" />
            <source>Earlier in this project</source>
            <translation>本项目中在此之前的部分</translation>
        </message>
        <message>
            <location filename="../../writer/ui/context_panel.py" line="203" />
            <source>Style note</source>
            <translation>风格提示</translation>
        </message>
        <message>
            <location filename="../../writer/ui/context_panel.py" line="203" />
            <source>a few lines before the cursor</source>
            <translation>光标前几行</translation>
        </message>
        <message>
            <location filename="../../writer/ui/context_panel.py" line="206" />
            <source>Head</source>
            <translation>开头</translation>
        </message>
        <message>
            <location filename="../../writer/ui/context_panel.py" line="206" />
            <source>title and headings</source>
            <translation>标题和小标题</translation>
        </message>
        <message>
            <location filename="../../writer/ui/context_panel.py" line="214" />
            <source>Text before the cursor</source>
            <translation>光标前的文本</translation>
        </message>
        <message>
            <location filename="../../writer/ui/context_panel.py" line="214" />
            <source>what the model reads</source>
            <translation>模型读到的内容</translation>
        </message>
        <message>
            <location filename="../../writer/ui/context_panel.py" line="217" />
            <source>Text after the cursor</source>
            <translation>光标后的文本</translation>
        </message>
        <message>
            <location filename="../../writer/ui/context_panel.py" line="217" />
            <source>the model fills in the middle</source>
            <translation>模型支持中间填充</translation>
        </message>
        <message>
            <location filename="../../writer/ui/context_panel.py" line="221" />
            <source>the rest, after the cut</source>
            <translation>截断处之后的部分</translation>
        </message>
        <message>
            <location filename="../../writer/ui/context_panel.py" line="227" />
            <source>Left out, for room</source>
            <translation>因篇幅未放入</translation>
        </message>
        <message>
            <location filename="../../writer/ui/context_panel.py" line="259" />
            <source>Nothing before the cursor: no request.</source>
            <translation>光标前没有文本：不发请求。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/context_panel.py" line="262" />
            <source>{0}{1} tokens. No project: open a folder to give the model notes.</source>
            <translation>{0}{1} 个词元。没有项目：打开一个文件夹，才能给模型笔记。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/context_panel.py" line="266" />
            <source>{0}{1} tokens in the next request.</source>
            <translation>下一个请求共 {0}{1} 个词元。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/context_panel.py" line="269" />
            <source>Left out, for room: {0}.</source>
            <translation>因篇幅未放入：{0}。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/context_panel.py" line="270" />
            <source>, </source>
            <translation>、</translation>
        </message>
    </context>
    <context>
        <name>DocumentManager</name>
        <message>
            <location filename="../../writer/ui/document_manager.py" line="357" />
            <source>{0} is not UTF-8: read as {1}, and saved in it. Characters look wrong? File → Reopen with Encoding.</source>
            <translation>{0} 不是 UTF-8：已按 {1} 读取，保存时也用它。出现乱码？请用“文件 → 以其他编码重新打开”。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/document_manager.py" line="393" />
            <source>{0} read again as {1}.</source>
            <translation>已按{1}重新读取 {0}。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/document_manager.py" line="410" />
            <source>Not saved in {0}: it has no character “{1}” (line {2}). The file stays as it was, in {3}.</source>
            <translation>未用 {0} 保存：该编码中没有字符“{1}”（第 {2} 行）。文件保持原样，仍为 {3}。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/document_manager.py" line="423" />
            <source>Saved {0} in {1}.</source>
            <translation>已用{1}保存 {0}。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/document_manager.py" line="561" />
            <source>Not saved. Your text is still here, and {0} is as the other program left it.</source>
            <translation>未保存。你的文字仍在这里，{0} 保持另一个程序留下的样子。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/document_manager.py" line="574" />
            <source>Not saved: {0} has no character “{1}” (line {2}).</source>
            <translation>未保存：{0} 中没有字符“{1}”（第 {2} 行）。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/document_manager.py" line="584" />
            <source>Saved {0} in UTF-8 ({1} has no character “{2}”).</source>
            <translation>已用 UTF-8 保存 {0}（{1} 中没有字符“{2}”）。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/document_manager.py" line="598" />
            <source>Saved {0}</source>
            <translation>已保存 {0}</translation>
        </message>
        <message>
            <location filename="../../writer/ui/document_manager.py" line="683" />
            <source>{0} is saved, but Writer could not keep this version in its local history ({1}).</source>
            <translation>{0} 已保存，但 Writer 没能把这个版本留在本地历史中（{1}）。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/document_manager.py" line="723" />
            <source>{0} is in the trash; your unsaved changes are still here, and Auto Save waits: Ctrl+S saves them to keep them.</source>
            <translation>{0} 已移到回收站；你未保存的修改还在这里，自动保存暂停：按 Ctrl+S 保存即可留下它们。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/document_manager.py" line="728" />
            <source>{0} is in the trash; your unsaved changes are still here: save them to keep them.</source>
            <translation>{0} 已移到回收站；你未保存的修改还在这里：保存即可留下它们。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/document_manager.py" line="847" />
            <source>{0} was renamed to {1} by another program; the document follows it.</source>
            <translation>{0} 已被其他程序改名为 {1}；文档随之改用新名字。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/document_manager.py" line="864" />
            <source>{0} was changed by another program into something Writer cannot read; your version stays here, and saving asks before replacing it.</source>
            <translation>{0} 已被其他程序改成 Writer 无法读取的内容；这里保留你的版本，保存时会先询问是否替换它。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/document_manager.py" line="894" />
            <source>{0} was changed by another program and reloaded (Undo brings back the text it replaced).</source>
            <translation>{0} 已被其他程序修改，已重新载入（撤销可找回被替换的文字）。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/document_manager.py" line="912" />
            <source>Your version of {0} stays here; saving asks before replacing the other program's.</source>
            <translation>{0} 仍保留你的版本；保存时会先询问，再替换另一个程序的版本。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/document_manager.py" line="954" />
            <source>{0} was deleted or moved by another program; your text is still here: save it to keep it.</source>
            <translation>{0} 已被其他程序删除或移动；你的文字仍在这里，请保存以留存。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/document_manager.py" line="1060" />
            <source>Auto Save stopped for {0}: another program deleted or moved the file. Ctrl+S offers to save it again.</source>
            <translation>{0} 的自动保存已停止：另一个程序删除或移动了这个文件。按 Ctrl+S 可以重新保存它。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/document_manager.py" line="1064" />
            <source>Auto Save stopped for {0}: another program changed the file. Ctrl+S asks which text to keep.</source>
            <translation>{0} 的自动保存已停止：另一个程序修改了这个文件。按 Ctrl+S 会询问保留哪一份文本。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/document_manager.py" line="1069" />
            <source>Auto Save stopped for {0}: {1} has no character “{2}” (line {3}). Ctrl+S offers to save in UTF-8.</source>
            <translation>{0} 的自动保存已停止：{1} 编码中没有字符“{2}”（第 {3} 行）。按 Ctrl+S 可以改用 UTF-8 保存。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/document_manager.py" line="1080" />
            <source>Auto Save could not save {0} ({1}). It tries again when you next pause; your text is kept meanwhile.</source>
            <translation>自动保存未能保存 {0}（{1}）。下次停止输入时会再试；在此期间你的文本不会丢失。</translation>
        </message>
    </context>
    <context>
        <name>DocumentQuestions</name>
        <message>
            <location filename="../../writer/ui/document_questions.py" line="33" />
            <source>Text and Markdown (*.md *.markdown *.txt *.text);;All files (*)</source>
            <translation>文本和 Markdown (*.md *.markdown *.txt *.text);;所有文件 (*)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/document_questions.py" line="37" />
            <source>Open</source>
            <translation>打开</translation>
        </message>
        <message>
            <location filename="../../writer/ui/document_questions.py" line="43" />
            <source>Save As</source>
            <translation>另存为</translation>
        </message>
        <message>
            <location filename="../../writer/ui/document_questions.py" line="48" />
            <source>Untitled</source>
            <translation>未命名</translation>
        </message>
        <message>
            <location filename="../../writer/ui/document_questions.py" line="51" />
            <source>Cannot open file</source>
            <translation>无法打开文件</translation>
        </message>
        <message>
            <location filename="../../writer/ui/document_questions.py" line="54" />
            <source>Could not save</source>
            <translation>无法保存</translation>
        </message>
        <message>
            <location filename="../../writer/ui/document_questions.py" line="62" />
            <source>File deleted</source>
            <translation>文件已删除</translation>
        </message>
        <message>
            <location filename="../../writer/ui/document_questions.py" line="63" />
            <source>{0} was deleted or moved by another program.</source>
            <translation>{0} 已被另一个程序删除或移走。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/document_questions.py" line="64" />
            <source>Save your text there again, or somewhere else?</source>
            <translation>把你的文字重新保存到原处，还是保存到别处？</translation>
        </message>
        <message>
            <location filename="../../writer/ui/document_questions.py" line="65" />
            <source>Save There &amp;Again</source>
            <translation>重新保存到原处(&amp;A)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/document_questions.py" line="67" />
            <location filename="../../writer/ui/document_questions.py" line="98" />
            <source>File changed on disk</source>
            <translation>文件在磁盘上已被修改</translation>
        </message>
        <message>
            <location filename="../../writer/ui/document_questions.py" line="69" />
            <source>{0} was changed by another program since Writer opened it.</source>
            <translation>自 Writer 打开以来，{0} 已被另一个程序修改。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/document_questions.py" line="72" />
            <source>Saving here replaces the other program's version with yours. Save yours under another name instead to keep both.</source>
            <translation>保存到这里会用你的版本替换另一个程序的版本。另存为其他名字可以两者都保留。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/document_questions.py" line="75" />
            <source>&amp;Replace It</source>
            <translation>替换它(&amp;R)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/document_questions.py" line="77" />
            <source>&amp;Save As…</source>
            <translation>另存为(&amp;S)…</translation>
        </message>
        <message>
            <location filename="../../writer/ui/document_questions.py" line="99" />
            <source>{0} was changed by another program.</source>
            <translation>{0} 已被其他程序修改。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/document_questions.py" line="101" />
            <source>Reload it in place of your unsaved changes (Undo brings them back), keep your version (saving then replaces the other program's), or decide when you save?</source>
            <translation>重新载入它来替换你未保存的修改（撤销可以找回），保留你的版本（保存时会替换另一个程序的版本），还是等保存时再决定？</translation>
        </message>
        <message>
            <location filename="../../writer/ui/document_questions.py" line="106" />
            <source>&amp;Reload</source>
            <translation>重新载入(&amp;R)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/document_questions.py" line="107" />
            <source>&amp;Keep My Version</source>
            <translation>保留我的版本(&amp;K)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/document_questions.py" line="108" />
            <source>&amp;Decide When Saving</source>
            <translation>保存时再决定(&amp;D)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/document_questions.py" line="123" />
            <source>Cannot save in {0}</source>
            <translation>无法用 {0} 保存</translation>
        </message>
        <message>
            <location filename="../../writer/ui/document_questions.py" line="125" />
            <source>{0} is saved in {1}, which has no character “{2}” (line {3}).</source>
            <translation>{0} 以 {1} 编码保存，而该编码中没有字符“{2}”（第 {3} 行）。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/document_questions.py" line="129" />
            <source>Save it in UTF-8, which holds every character? A program that expects {0} may then show it wrongly. Cancel leaves the file as it is; your text stays here.</source>
            <translation>改用能容纳所有字符的 UTF-8 保存吗？只认 {0} 的程序可能会把它显示成乱码。选择“取消”则文件保持原样，你的文字仍留在这里。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/document_questions.py" line="135" />
            <source>Writer guessed {0} when it opened the file: if its characters look wrong, Cancel and use File → Reopen with Encoding first, or the wrong characters are saved.</source>
            <translation>打开文件时，Writer 猜测它的编码是 {0}：如果文字显示成乱码，请先取消，用“文件 → 以其他编码重新打开”，否则乱码会被保存下来。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/document_questions.py" line="143" />
            <source>Save in &amp;UTF-8</source>
            <translation>用 UTF-8 保存(&amp;U)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/document_questions.py" line="153" />
            <source>Reopen with Encoding</source>
            <translation>以其他编码重新打开</translation>
        </message>
        <message>
            <location filename="../../writer/ui/document_questions.py" line="154" />
            <source>Read {0} again as {1}?</source>
            <translation>按{1}重新读取 {0} 吗？</translation>
        </message>
        <message>
            <location filename="../../writer/ui/document_questions.py" line="156" />
            <source>Your unsaved changes are lost: the text is read again from the file.</source>
            <translation>未保存的修改将会丢失：文字会从文件重新读取。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/document_questions.py" line="159" />
            <source>&amp;Discard and Reopen</source>
            <translation>放弃修改并重新打开(&amp;D)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/document_questions.py" line="178" />
            <source>Save changes?</source>
            <translation>保存修改？</translation>
        </message>
        <message>
            <location filename="../../writer/ui/document_questions.py" line="180" />
            <source>Do you want to save the changes to “{0}”?</source>
            <translation>要保存对“{0}”的修改吗？</translation>
        </message>
        <message>
            <location filename="../../writer/ui/document_questions.py" line="181" />
            <source>Your changes will be lost if you don't save them.</source>
            <translation>如果不保存，修改将会丢失。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/document_questions.py" line="189" />
            <source>&amp;Save</source>
            <translation>保存(&amp;S)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/document_questions.py" line="190" />
            <source>&amp;Discard</source>
            <translation>丢弃(&amp;D)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/document_questions.py" line="193" />
            <source>&amp;Always save without asking (File → Auto Save)</source>
            <translation>以后直接保存，不再询问（文件 → 自动保存）(&amp;A)</translation>
        </message>
    </context>
    <context>
        <name>DownloadPanel</name>
        <message>
            <location filename="../../writer/ui/downloads.py" line="88" />
            <source>No download running.</source>
            <translation>没有正在进行的下载。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="96" />
            <source>Ca&amp;ncel</source>
            <translation>取消(&amp;N)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="97" />
            <location filename="../../writer/ui/downloads.py" line="218" />
            <source>Retr&amp;y</source>
            <translation>重试(&amp;Y)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="98" />
            <source>Use t&amp;his model</source>
            <translation>使用此模型(&amp;H)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="99" />
            <source>Disc&amp;ard</source>
            <translation>丢弃(&amp;A)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="126" />
            <source>Star&amp;t</source>
            <translation>开始(&amp;T)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="128" />
            <source>Start the queued downloads</source>
            <translation>开始下载队列中的模型</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="167" />
            <source>Cancelling…</source>
            <translation>正在取消…</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="191" />
            <source>Discard download</source>
            <translation>丢弃下载</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="192" />
            <source>Discard the unfinished download of {0}? The {1} downloaded so far are deleted.</source>
            <translation>丢弃 {0} 未完成的下载？已下载的 {1} 将被删除。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="218" />
            <source>Resu&amp;me</source>
            <translation>继续下载(&amp;M)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="227" />
            <source>Downloading {0} from {1}</source>
            <translation>正在从 {1} 下载 {0}</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="229" />
            <source>Asking the Hub for the file…</source>
            <translation>正在向 Hub 请求文件…</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="247" />
            <source>Downloaded {0}</source>
            <translation>已下载 {0}</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="250" />
            <source>Checked against the Hub's sha256 and saved to {0}</source>
            <translation>已按 Hub 的 sha256 校验，保存到 {0}</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="259" />
            <source>Download of {0} failed</source>
            <translation>{0} 下载失败</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="261" />
            <source>Download of {0} stopped</source>
            <translation>{0} 下载已停止</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="293" />
            <source>One download queued.</source>
            <translation>队列中有 1 个下载。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="294" />
            <source>{0} downloads queued.</source>
            <translation>队列中有 {0} 个下载。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="342" />
            <source>Remove</source>
            <translation>移出</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="342" />
            <source>Take it out of the queue</source>
            <translation>把它移出下载队列</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="347" />
            <source>{0} · downloaded</source>
            <translation>{0} · 已下载</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="348" />
            <source>Use</source>
            <translation>使用</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="348" />
            <source>Use the downloaded model now</source>
            <translation>现在使用下载的模型</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="353" />
            <source>{0} · cancelled</source>
            <translation>{0} · 已取消</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="353" />
            <source>{0} · failed</source>
            <translation>{0} · 失败</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="355" />
            <source>Resume</source>
            <translation>继续下载</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="355" />
            <source>Retry</source>
            <translation>重试</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="356" />
            <source>Continue the download from where it stopped</source>
            <translation>从停下的地方继续下载</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="359" />
            <source>Discard</source>
            <translation>丢弃</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="359" />
            <source>Delete the part downloaded</source>
            <translation>删除已下载的部分</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="361" />
            <source>Hide</source>
            <translation>隐藏</translation>
        </message>
    </context>
    <context>
        <name>DownloadStatus</name>
        <message>
            <location filename="../../writer/ui/downloads.py" line="393" />
            <location filename="../../writer/ui/downloads.py" line="465" />
            <source>Use</source>
            <translation>使用</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="394" />
            <location filename="../../writer/ui/downloads.py" line="466" />
            <source>Use the downloaded model now</source>
            <translation>现在使用下载的模型</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="401" />
            <source>Start</source>
            <translation>开始</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="402" />
            <source>Start the queued downloads</source>
            <translation>开始下载队列中的模型</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="433" />
            <location filename="../../writer/ui/downloads.py" line="455" />
            <source>Downloading {0}</source>
            <translation>正在下载 {0}</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="435" />
            <source>Asking the Hub for the file…</source>
            <translation>正在向 Hub 请求文件…</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="440" />
            <source>Cancel the download</source>
            <translation>取消下载</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="453" />
            <source>Downloading {0} (waiting for the server)</source>
            <translation>正在下载 {0}（等待服务器）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="459" />
            <location filename="../../writer/ui/downloads.py" line="520" />
            <source>Hide</source>
            <translation>隐藏</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="463" />
            <source>{0} is downloaded</source>
            <translation>{0} 已下载</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="469" />
            <source>Download of {0} cancelled</source>
            <translation>{0} 的下载已取消</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="473" />
            <source>Download of {0} failed</source>
            <translation>{0} 下载失败</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="478" />
            <source>Resume</source>
            <translation>继续下载</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="478" />
            <source>Retry</source>
            <translation>重试</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="480" />
            <source>Continue the download from where it stopped</source>
            <translation>从停下的地方继续下载</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="492" />
            <source>Use {0}</source>
            <translation>使用 {0}</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="493" />
            <source>Use {0} now</source>
            <translation>现在使用 {0}</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="508" />
            <source>+{0} queued</source>
            <translation>另有 {0} 个排队</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="510" />
            <source>{0} is queued</source>
            <translation>{0} 在队列中</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="512" />
            <source>{0} and {1} more queued</source>
            <translation>{0} 及另外 {1} 个下载在队列中</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="554" />
            <source>Cancelling…</source>
            <translation>正在取消…</translation>
        </message>
    </context>
    <context>
        <name>Downloads</name>
        <message>
            <location filename="../../writer/ui/downloads.py" line="69" />
            <source>The download of {0} was cancelled at {1} of {2}. Resume to continue from there.</source>
            <translation>{0} 的下载已在 {1} / {2} 处取消。“继续下载”可从那里接着下载。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="335" />
            <location filename="../../writer/ui/models_common.py" line="232" />
            <source>{0} of {1}</source>
            <translation>{0} / {1}</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="580" />
            <source>Download running</source>
            <translation>下载进行中</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="584" />
            <source>{0} is still downloading ({1} of {2}).</source>
            <translation>{0} 仍在下载（{1} / {2}）。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="587" />
            <source>{0} is still downloading.</source>
            <translation>{0} 仍在下载。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="589" />
            <source>Quitting stops the download. What has arrived is kept: Writer offers the download and the one queued after it again when it starts next, and it continues from there.</source>
            <translation>退出会停止下载。已下载的部分会保留：下次启动时，Writer 会再次提供这个下载和排在它后面的 1 个下载，并从停下的地方继续。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="593" />
            <source>Quitting stops the download. What has arrived is kept: Writer offers the download and the {0} queued after it again when it starts next, and it continues from there.</source>
            <translation>退出会停止下载。已下载的部分会保留：下次启动时，Writer 会再次提供这个下载和排在它后面的 {0} 个下载，并从停下的地方继续。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="597" />
            <source>Quitting stops the download. What has arrived is kept: Writer offers the download again when it starts next, and it continues from there.</source>
            <translation>退出会停止下载。已下载的部分会保留：下次启动时，Writer 会再次提供这个下载，并从停下的地方继续。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/downloads.py" line="601" />
            <source>&amp;Quit</source>
            <translation>退出(&amp;Q)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_common.py" line="121" />
            <source>no room</source>
            <translation>空间不足</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_common.py" line="132" />
            <source>Fits on disk: needs {0}, {1} free after the downloads ahead of it.</source>
            <translation>磁盘空间足够：需要 {0}，排在它前面的下载完成后还有 {1} 可用。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_common.py" line="135" />
            <source>Fits on disk: needs {0}, {1} free.</source>
            <translation>磁盘空间足够：需要 {0}，可用 {1}。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_common.py" line="138" />
            <source>Not enough disk space: needs {0}, {1} free after the downloads ahead of it ({2} free now).</source>
            <translation>磁盘空间不足：需要 {0}，排在它前面的下载完成后只剩 {1} 可用（现在可用 {2}）。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_common.py" line="141" />
            <source>Not enough disk space: needs {0}, {1} free.</source>
            <translation>磁盘空间不足：需要 {0}，只有 {1} 可用。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_common.py" line="153" />
            <source>Queued · next</source>
            <translation>排队中 · 下一个</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_common.py" line="156" />
            <source>Queued · {0} in line</source>
            <translation>排队中 · 第 {0} 位</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_common.py" line="227" />
            <source>Checking what was already downloaded… {0} of {1}</source>
            <translation>正在检查已下载的部分… {0} / {1}</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_common.py" line="231" />
            <source>Verifying the checksum…</source>
            <translation>正在校验…</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_common.py" line="236" />
            <source>stalled</source>
            <translation>已停滞</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_common.py" line="236" />
            <source>No data for {0} — waiting for the server…</source>
            <translation>已有 {0}没有收到数据，正在等待服务器…</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_common.py" line="239" />
            <source>{0}/s</source>
            <translation>{0}/秒</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_common.py" line="242" />
            <source>{0} left</source>
            <translation>还剩 {0}</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_common.py" line="250" />
            <source>{0} s</source>
            <translation>{0} 秒</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_common.py" line="252" />
            <source>{0} min {1:02d} s</source>
            <translation>{0} 分 {1:02d} 秒</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_common.py" line="253" />
            <source>{0} h {1:02d} min</source>
            <translation>{0} 小时 {1:02d} 分</translation>
        </message>
    </context>
    <context>
        <name>Editor</name>
        <message>
            <location filename="../../writer/ui/editor.py" line="1191" />
            <source>{0}
Ctrl+click to open</source>
            <translation>{0}
按住 Ctrl 单击以打开</translation>
        </message>
        <message>
            <location filename="../../writer/ui/editor.py" line="1243" />
            <source>Open &amp;Link</source>
            <translation>打开链接(&amp;L)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/editor.py" line="1249" />
            <source>Re&amp;write Selection…</source>
            <translation>改写所选文字(&amp;W)…</translation>
        </message>
        <message>
            <location filename="../../writer/ui/editor.py" line="1274" />
            <source>No suggestions</source>
            <translation>没有建议</translation>
        </message>
        <message>
            <location filename="../../writer/ui/editor.py" line="1277" />
            <source>&amp;Add to Dictionary</source>
            <translation>添加到词典(&amp;A)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/editor.py" line="1279" />
            <source>&amp;Ignore</source>
            <translation>忽略(&amp;I)</translation>
        </message>
    </context>
    <context>
        <name>Encodings</name>
        <message>
            <location filename="../../writer/ui/encodings.py" line="24" />
            <source>Unicode (UTF-8)</source>
            <translation>Unicode (UTF-8)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/encodings.py" line="25" />
            <source>Unicode (UTF-8 with BOM)</source>
            <translation>Unicode (UTF-8，带 BOM)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/encodings.py" line="26" />
            <source>Unicode (UTF-16 LE)</source>
            <translation>Unicode (UTF-16 LE)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/encodings.py" line="27" />
            <source>Unicode (UTF-16 BE)</source>
            <translation>Unicode (UTF-16 BE)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/encodings.py" line="28" />
            <source>Unicode (UTF-32 LE)</source>
            <translation>Unicode (UTF-32 LE)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/encodings.py" line="29" />
            <source>Unicode (UTF-32 BE)</source>
            <translation>Unicode (UTF-32 BE)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/encodings.py" line="30" />
            <source>Chinese Simplified (GB18030, GBK)</source>
            <translation>简体中文 (GB18030, GBK)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/encodings.py" line="31" />
            <source>Chinese Traditional (Big5)</source>
            <translation>繁体中文 (Big5)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/encodings.py" line="32" />
            <source>Japanese (Shift JIS)</source>
            <translation>日文 (Shift JIS)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/encodings.py" line="33" />
            <source>Korean (EUC-KR)</source>
            <translation>韩文 (EUC-KR)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/encodings.py" line="34" />
            <source>Western European (Windows-1252)</source>
            <translation>西欧 (Windows-1252)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/encodings.py" line="35" />
            <source>Central European (Windows-1250)</source>
            <translation>中欧 (Windows-1250)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/encodings.py" line="36" />
            <source>Cyrillic (Windows-1251)</source>
            <translation>西里尔文 (Windows-1251)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/encodings.py" line="37" />
            <source>Western European (ISO 8859-1)</source>
            <translation>西欧 (ISO 8859-1)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/encodings.py" line="39" />
            <source>UTF-8 with BOM</source>
            <translation>UTF-8（带 BOM）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/encodings.py" line="40" />
            <source>Reopen with &amp;Encoding</source>
            <translation>以其他编码重新打开(&amp;E)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/encodings.py" line="41" />
            <source>Save with Enco&amp;ding</source>
            <translation>以其他编码保存(&amp;D)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/encodings.py" line="42" />
            <source>This file's encoding: click to read it again in another, or to save it in another</source>
            <translation>此文件的编码：点击可按其他编码重新读取，或以其他编码保存</translation>
        </message>
    </context>
    <context>
        <name>Exporter</name>
        <message>
            <location filename="../../writer/ui/export.py" line="649" />
            <source>PDF (*.pdf)</source>
            <translation>PDF (*.pdf)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/export.py" line="650" />
            <source>Word Document (*.docx)</source>
            <translation>Word 文档 (*.docx)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/export.py" line="651" />
            <source>OpenDocument Text, for Word and LibreOffice (*.odt)</source>
            <translation>OpenDocument 文本，可用 Word 和 LibreOffice 打开 (*.odt)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/export.py" line="652" />
            <source>Web Page (*.html)</source>
            <translation>网页 (*.html)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/export.py" line="698" />
            <location filename="../../writer/ui/export.py" line="737" />
            <location filename="../../writer/ui/export.py" line="767" />
            <location filename="../../writer/ui/export.py" line="776" />
            <source>Export</source>
            <translation>导出</translation>
        </message>
        <message>
            <location filename="../../writer/ui/export.py" line="730" />
            <source>a PDF</source>
            <translation>PDF 文件</translation>
        </message>
        <message>
            <location filename="../../writer/ui/export.py" line="731" />
            <source>a Word document</source>
            <translation>Word 文档</translation>
        </message>
        <message>
            <location filename="../../writer/ui/export.py" line="732" />
            <source>an OpenDocument text</source>
            <translation>OpenDocument 文本</translation>
        </message>
        <message>
            <location filename="../../writer/ui/export.py" line="733" />
            <source>a web page</source>
            <translation>网页</translation>
        </message>
        <message>
            <location filename="../../writer/ui/export.py" line="739" />
            <source>“{0}” ends in {1}, but the name of {2} ends in .{3}.</source>
            <translation>“{0}”以 {1} 结尾，但{2}的文件名应以 .{3} 结尾。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/export.py" line="742" />
            <source>Which name should the exported file have?</source>
            <translation>导出的文件要用哪个文件名？</translation>
        </message>
        <message>
            <location filename="../../writer/ui/export.py" line="746" />
            <source>&amp;Use {0}</source>
            <translation>使用 {0}(&amp;U)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/export.py" line="750" />
            <source>&amp;Keep {0}</source>
            <translation>保留 {0}(&amp;K)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/export.py" line="768" />
            <source>{0} is this document's file: an export written there would replace its text. Nothing was exported.</source>
            <translation>{0} 就是这篇文档的文件：导出到那里会替换掉它的文字。未导出任何内容。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/export.py" line="777" />
            <source>{0} already exists. Replace it?</source>
            <translation>{0} 已存在。要替换它吗？</translation>
        </message>
        <message>
            <location filename="../../writer/ui/export.py" line="840" />
            <source>{0} will be exported once {1} is done.</source>
            <translation>{1} 导出完成后将导出 {0}。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/export.py" line="851" />
            <source>Exporting {0}…</source>
            <translation>正在导出 {0}…</translation>
        </message>
        <message>
            <location filename="../../writer/ui/export.py" line="869" />
            <source>Exported {0}.</source>
            <translation>已导出 {0}。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/export.py" line="871" />
            <source>Exported {0}, without {1}: it could not be read.</source>
            <translation>已导出 {0}，但不含 {1}：无法读取它。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/export.py" line="875" />
            <source>Exported {0}, without {1}: they could not be read.</source>
            <translation>已导出 {0}，但不含 {1}：无法读取它们。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/export.py" line="879" />
            <source>{0} was not exported.</source>
            <translation>{0} 未导出。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/export.py" line="889" />
            <source>{0} was not exported: {1}. Your document is as it was.</source>
            <translation>{0} 未导出：{1}。你的文档保持原样。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/export.py" line="893" />
            <source>{0} was not exported: {1}</source>
            <translation>{0} 未导出：{1}</translation>
        </message>
        <message>
            <location filename="../../writer/ui/export.py" line="894" />
            <source>Could not export</source>
            <translation>无法导出</translation>
        </message>
    </context>
    <context>
        <name>FindBar</name>
        <message>
            <location filename="../../writer/ui/find_bar.py" line="418" />
            <source>Find in document</source>
            <translation>在文档中查找</translation>
        </message>
        <message>
            <location filename="../../writer/ui/find_bar.py" line="419" />
            <source>Previo&amp;us</source>
            <translation>上一个(&amp;U)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/find_bar.py" line="420" />
            <source>&amp;Next</source>
            <translation>下一个(&amp;N)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/find_bar.py" line="421" />
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message>
            <location filename="../../writer/ui/find_bar.py" line="422" />
            <source>F&amp;ind:</source>
            <translation>查找(&amp;I)：</translation>
        </message>
        <message>
            <location filename="../../writer/ui/find_bar.py" line="423" />
            <source>Replace wi&amp;th:</source>
            <translation>替换为(&amp;T)：</translation>
        </message>
        <message>
            <location filename="../../writer/ui/find_bar.py" line="424" />
            <source>Replacement (may be empty)</source>
            <translation>替换成的文字（可以为空）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/find_bar.py" line="425" />
            <source>Rep&amp;lace</source>
            <translation>替换(&amp;L)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/find_bar.py" line="426" />
            <source>Replace &amp;All</source>
            <translation>全部替换(&amp;A)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/find_bar.py" line="430" />
            <location filename="../../writer/ui/find_bar.py" line="737" />
            <location filename="../../writer/ui/find_bar.py" line="868" />
            <location filename="../../writer/ui/find_bar.py" line="946" />
            <source>Not found</source>
            <translation>未找到</translation>
        </message>
        <message>
            <location filename="../../writer/ui/find_bar.py" line="431" />
            <location filename="../../writer/ui/find_bar.py" line="886" />
            <source>{0} replaced</source>
            <translation>已替换 {0} 处</translation>
        </message>
        <message>
            <location filename="../../writer/ui/find_bar.py" line="432" />
            <location filename="../../writer/ui/find_bar.py" line="438" />
            <location filename="../../writer/ui/find_bar.py" line="753" />
            <location filename="../../writer/ui/find_bar.py" line="964" />
            <source>{0} of {1}</source>
            <translation>第 {0} 处，共 {1} 处</translation>
        </message>
        <message>
            <location filename="../../writer/ui/find_bar.py" line="433" />
            <location filename="../../writer/ui/find_bar.py" line="682" />
            <location filename="../../writer/ui/find_bar.py" line="838" />
            <source>Not a valid pattern</source>
            <translation>无效的模式</translation>
        </message>
        <message>
            <location filename="../../writer/ui/find_bar.py" line="968" />
            <source>Wrapped around to the end</source>
            <translation>已从末尾开始</translation>
        </message>
        <message>
            <location filename="../../writer/ui/find_bar.py" line="968" />
            <source>Wrapped around</source>
            <translation>已从头开始</translation>
        </message>
    </context>
    <context>
        <name>Fit</name>
        <message>
            <location filename="../../writer/ui/fit_words.py" line="16" />
            <source>Fits on the GPU: needs about {0} with a context of {1} tokens; {2} of GPU memory is free.</source>
            <translation>GPU 装得下：上下文为 {1} 个词元时约需 {0}；GPU 显存空闲 {2}。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/fit_words.py" line="23" />
            <source>Tight: needs about {0}, more than the {1} free on the GPU, so part of it runs on the CPU (slower).</source>
            <translation>勉强：约需 {0}，超过 GPU 空闲的 {1}，因此一部分在 CPU 上运行（较慢）。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/fit_words.py" line="30" />
            <source>Too large: needs about {0} with a context of {1} tokens; only {2} of GPU and system memory is free. Choose a smaller file or a shorter context.</source>
            <translation>太大：上下文为 {1} 个词元时约需 {0}；GPU 和系统内存只空闲 {2}。请选择更小的文件或更短的上下文。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/fit_words.py" line="37" />
            <source>Needs about {0} of memory with a context of {1} tokens.</source>
            <translation>上下文为 {1} 个词元时约需 {0} 内存。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/fit_words.py" line="42" />
            <source>Fits: needs about {0} with a context of {1} tokens; {2} of memory is free.</source>
            <translation>装得下：上下文为 {1} 个词元时约需 {0}；内存空闲 {2}。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/fit_words.py" line="47" />
            <source>Tight: needs about {0} of the {1} free; close other programs first.</source>
            <translation>勉强：约需空闲的 {1} 中的 {0}；请先关闭其他程序。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/fit_words.py" line="51" />
            <source>Too large: needs about {0} with a context of {1} tokens, but only {2} of memory is free. Choose a smaller file (a lower quantisation) or a shorter context.</source>
            <translation>太大：上下文为 {1} 个词元时约需 {0}，但内存只空闲 {2}。请选择更小的文件（更低的量化）或更短的上下文。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_common.py" line="36" />
            <source>✓ fits</source>
            <translation>✓ 装得下</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_common.py" line="37" />
            <source>◐ tight</source>
            <translation>◐ 勉强</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_common.py" line="38" />
            <source>✗ too large</source>
            <translation>✗ 太大</translation>
        </message>
    </context>
    <context>
        <name>GhostBar</name>
        <message>
            <location filename="../../writer/ui/ghost_bar.py" line="75" />
            <source>Previous suggestion (Alt+[)</source>
            <translation>上一个建议（Alt+[）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/ghost_bar.py" line="76" />
            <source>Next suggestion (Alt+])</source>
            <translation>下一个建议（Alt+]）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/ghost_bar.py" line="77" />
            <source>Accept (Tab)</source>
            <translation>接受（Tab）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/ghost_bar.py" line="78" />
            <source>Write the whole suggestion</source>
            <translation>写入整条建议</translation>
        </message>
        <message>
            <location filename="../../writer/ui/ghost_bar.py" line="79" />
            <source>Accept Word (Ctrl+→)</source>
            <translation>接受一个词（Ctrl+→）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/ghost_bar.py" line="80" />
            <source>Write the suggestion's next word</source>
            <translation>写入建议中的下一个词</translation>
        </message>
    </context>
    <context>
        <name>GuideWindow</name>
        <message>
            <location filename="../../writer/ui/guide.py" line="101" />
            <source>, </source>
            <translation>、</translation>
        </message>
        <message>
            <location filename="../../writer/ui/guide.py" line="116" />
            <source>accept the rewrite shown (one step for Undo)</source>
            <translation>接受显示的改写（撤销时算一步）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/guide.py" line="118" />
            <source>reject the rewrite: the original comes back, selected</source>
            <translation>放弃改写：原文恢复并保持选中</translation>
        </message>
        <message>
            <location filename="../../writer/ui/guide.py" line="121" />
            <source>in the list of presets, with nothing typed: run that preset</source>
            <translation>改写预设列表中（未输入文字时）：执行对应的预设</translation>
        </message>
        <message>
            <location filename="../../writer/ui/guide.py" line="125" />
            <source>in the list of other words: write on from the one picked</source>
            <translation>其他候选词的列表中：从选定的词重新写下去</translation>
        </message>
        <message>
            <location filename="../../writer/ui/guide.py" line="129" />
            <source>in the find bar: the next match, the previous one</source>
            <translation>查找栏中：查找下一个、上一个</translation>
        </message>
        <message>
            <location filename="../../writer/ui/guide.py" line="131" />
            <source>in the replace field: replace the match, find the next</source>
            <translation>替换框中：替换当前匹配，并查找下一个</translation>
        </message>
        <message>
            <location filename="../../writer/ui/guide.py" line="132" />
            <source>close the find bar, back to the text</source>
            <translation>关闭查找栏，回到正文</translation>
        </message>
        <message>
            <location filename="../../writer/ui/guide.py" line="143" />
            <location filename="../../writer/ui/guide.py" line="150" />
            <source>Keys</source>
            <translation>快捷键</translation>
        </message>
        <message>
            <location filename="../../writer/ui/guide.py" line="143" />
            <source>What they do</source>
            <translation>作用</translation>
        </message>
        <message>
            <location filename="../../writer/ui/guide.py" line="146" />
            <source>In a rewrite, the lists and the find bar:</source>
            <translation>改写时、列表中和查找栏中：</translation>
        </message>
        <message>
            <location filename="../../writer/ui/guide.py" line="149" />
            <source>The menu commands that have keys:</source>
            <translation>有快捷键的菜单命令：</translation>
        </message>
        <message>
            <location filename="../../writer/ui/guide.py" line="150" />
            <source>Command</source>
            <translation>命令</translation>
        </message>
        <message>
            <location filename="../../writer/ui/guide.py" line="163" />
            <source>The guide is missing from this installation of Writer ({0} cannot be read).</source>
            <translation>这份 Writer 安装中缺少使用指南（无法读取 {0}）。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/guide.py" line="166" />
            <location filename="../../writer/ui/guide.py" line="238" />
            <source>Writer Help</source>
            <translation>Writer 帮助</translation>
        </message>
        <message>
            <location filename="../../writer/ui/guide.py" line="239" />
            <source>Find in the guide (Enter: next)</source>
            <translation>在指南中查找（回车：下一个）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/guide.py" line="240" />
            <source>Contents</source>
            <translation>目录</translation>
        </message>
        <message>
            <location filename="../../writer/ui/guide.py" line="241" />
            <source>Guide</source>
            <translation>指南</translation>
        </message>
        <message>
            <location filename="../../writer/ui/guide.py" line="325" />
            <source>Not found</source>
            <translation>未找到</translation>
        </message>
    </context>
    <context>
        <name>Help</name>
        <message>
            <location filename="../../writer/ui/help.py" line="65" />
            <source>GPU offload</source>
            <translation>GPU 加速</translation>
        </message>
        <message>
            <location filename="../../writer/ui/help.py" line="66" />
            <source>yes</source>
            <translation>是</translation>
        </message>
        <message>
            <location filename="../../writer/ui/help.py" line="67" />
            <source>no (CPU build)</source>
            <translation>否（CPU 版本）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/help.py" line="68" />
            <source>unknown (llama.cpp not loadable)</source>
            <translation>未知（无法加载 llama.cpp）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/help.py" line="69" />
            <source>System</source>
            <translation>系统</translation>
        </message>
        <message>
            <location filename="../../writer/ui/help.py" line="70" />
            <source>Model</source>
            <translation>模型</translation>
        </message>
        <message>
            <location filename="../../writer/ui/help.py" line="71" />
            <source>none</source>
            <translation>无</translation>
        </message>
        <message>
            <location filename="../../writer/ui/help.py" line="72" />
            <source>Settings</source>
            <translation>设置</translation>
        </message>
        <message>
            <location filename="../../writer/ui/help.py" line="73" />
            <source>Recovery journal</source>
            <translation>恢复日志</translation>
        </message>
        <message>
            <location filename="../../writer/ui/help.py" line="74" />
            <source>Log</source>
            <translation>日志</translation>
        </message>
        <message>
            <location filename="../../writer/ui/help.py" line="75" />
            <source>Models (Hugging Face cache)</source>
            <translation>模型（Hugging Face 缓存）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/help.py" line="76" />
            <source>Model checks, quarantine</source>
            <translation>模型检查、隔离区</translation>
        </message>
        <message>
            <location filename="../../writer/ui/help.py" line="86" />
            <source>A writing assistant: a language model continues and rewrites your text. With the model on this computer, nothing you write leaves it.</source>
            <translation>写作助手：语言模型为你续写和改写文字。使用本机模型时，你写的内容不会离开这台电脑。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/help.py" line="93" />
            <source>About Writer</source>
            <translation>关于 Writer</translation>
        </message>
        <message>
            <location filename="../../writer/ui/help.py" line="103" />
            <source>Report a Problem</source>
            <translation>报告问题</translation>
        </message>
        <message>
            <location filename="../../writer/ui/help.py" line="105" />
            <source>Versions and folders are copied: paste them into your report, with what you did and what happened (the log is in Help → Open Log Folder).</source>
            <translation>版本和文件夹信息已复制：请粘贴到你的报告中，并写明你做了什么、发生了什么（日志在“帮助 → 打开日志文件夹”）。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/help.py" line="110" />
            <source>Open &amp;Log Folder</source>
            <translation>打开日志文件夹(&amp;L)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/help.py" line="133" />
            <source>Log Folder</source>
            <translation>日志文件夹</translation>
        </message>
        <message>
            <location filename="../../writer/ui/help.py" line="134" />
            <source>This system has no program to open folders. Writer's log is in:</source>
            <translation>此系统没有可以打开文件夹的程序。Writer 的日志位于：</translation>
        </message>
        <message>
            <location filename="../../writer/ui/help.py" line="137" />
            <source>&amp;Copy Path</source>
            <translation>复制路径(&amp;C)</translation>
        </message>
    </context>
    <context>
        <name>HistoryDialog</name>
        <message>
            <location filename="../../writer/ui/history_dialog.py" line="107" />
            <source>Local History — {0}</source>
            <translation>本地历史 — {0}</translation>
        </message>
        <message>
            <location filename="../../writer/ui/history_dialog.py" line="110" />
            <source>Writer keeps a version of this document each time it saves it (the newest {0}).</source>
            <translation>Writer 每次保存这个文档时都会留下一个版本（保留最新的 {0} 个）。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/history_dialog.py" line="114" />
            <source>Writer keeps no versions now (Settings → Project → Versions kept of each document): these are the ones it kept before.</source>
            <translation>Writer 现在不再保留版本（设置 → 项目 → 每个文档保留的版本数）：这里是它以前保留的版本。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/history_dialog.py" line="119" />
            <source>Pick one to see what differs from the text now. Restore puts it in the editor: Ctrl+Z takes it back, and the file changes only when you save.</source>
            <translation>选中一个，可以看到它与现在的文字有何不同。“恢复”把它放进编辑器：Ctrl+Z 可以撤销，文件只在你保存时才会改变。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/history_dialog.py" line="160" />
            <source>&amp;Restore</source>
            <translation>恢复(&amp;R)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/history_dialog.py" line="161" />
            <source>Put this version's text in the editor</source>
            <translation>把这个版本的文字放进编辑器</translation>
        </message>
        <message>
            <location filename="../../writer/ui/history_dialog.py" line="162" />
            <source>&amp;Copy Text</source>
            <translation>复制文字(&amp;C)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/history_dialog.py" line="165" />
            <source>Show C&amp;hanges</source>
            <translation>只看改动(&amp;H)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/history_dialog.py" line="168" />
            <source>Show only the lines that differ, with a few around them: the text now's struck through (Restore takes them out), this version's in green (Restore brings them back)</source>
            <translation>只显示不同的行及其前后几行：现在文字中的行加删除线（恢复会去掉它们），这个版本中的行标为绿色（恢复会带回它们）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/history_dialog.py" line="197" />
            <source>today at {0}</source>
            <translation>今天 {0}</translation>
        </message>
        <message>
            <location filename="../../writer/ui/history_dialog.py" line="197" />
            <source>Today {0}</source>
            <translation>今天 {0}</translation>
        </message>
        <message>
            <location filename="../../writer/ui/history_dialog.py" line="205" />
            <source>{0} · before a save</source>
            <translation>{0} · 保存之前</translation>
        </message>
        <message>
            <location filename="../../writer/ui/history_dialog.py" line="207" />
            <source>{0} · before Replace in Project</source>
            <translation>{0} · 项目内替换之前</translation>
        </message>
        <message>
            <location filename="../../writer/ui/history_dialog.py" line="213" />
            <source>The file as it was (written {0}, {1}) before Writer saved over it.</source>
            <translation>Writer 覆盖保存之前的文件（写于 {0}，{1}）。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/history_dialog.py" line="217" />
            <source>The file as it was (written {0}, {1}) before Replace in Project changed it.</source>
            <translation>项目内替换修改它之前的文件（写于{0}，{1}）。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/history_dialog.py" line="220" />
            <source>Saved by Writer, {0}.</source>
            <translation>由 Writer 保存，{0}。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/history_dialog.py" line="252" />
            <source>This version holds binary data, not text.</source>
            <translation>这个版本是二进制数据，不是文字。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/history_dialog.py" line="260" />
            <source>Preparing the version…</source>
            <translation>正在准备这个版本……</translation>
        </message>
        <message>
            <location filename="../../writer/ui/history_dialog.py" line="278" />
            <source>The same as the text now.</source>
            <translation>与现在的文字相同。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/history_dialog.py" line="281" />
            <source>Differs from the text now (too long to mark where).</source>
            <translation>与现在的文字不同（太长，无法标出差异所在）。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/history_dialog.py" line="286" />
            <source>Comparing with the text now…</source>
            <translation>正在与现在的文字比较…</translation>
        </message>
        <message>
            <location filename="../../writer/ui/history_dialog.py" line="310" />
            <source>{0} changed</source>
            <translation>{0} 行有改动</translation>
        </message>
        <message>
            <location filename="../../writer/ui/history_dialog.py" line="312" />
            <source>{0} only in this version (marked)</source>
            <translation>{0} 行只在这个版本中（已标出）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/history_dialog.py" line="314" />
            <source>{0} only in the text now</source>
            <translation>{0} 行只在现在的文字中</translation>
        </message>
        <message>
            <location filename="../../writer/ui/history_dialog.py" line="315" />
            <source>Lines against the text now: {0}.</source>
            <translation>与现在的文字相比：{0}。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/history_dialog.py" line="315" />
            <source>, </source>
            <translation>，</translation>
        </message>
        <message>
            <location filename="../../writer/ui/history_dialog.py" line="329" />
            <source>This version ends with a line break; the text now ends without one.</source>
            <translation>这个版本末尾有换行，现在的文字末尾没有。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/history_dialog.py" line="330" />
            <source>This version ends without a line break; the text now ends with one.</source>
            <translation>这个版本末尾没有换行，现在的文字末尾有。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/history_dialog.py" line="427" />
            <source>⋯ {0} lines the same ⋯</source>
            <translation>⋯ 另有 {0} 行相同 ⋯</translation>
        </message>
        <message>
            <location filename="../../writer/ui/history_dialog.py" line="445" />
            <source>Preparing the changes…</source>
            <translation>正在准备改动……</translation>
        </message>
        <message>
            <location filename="../../writer/ui/history_dialog.py" line="498" />
            <source>Restored the version kept {0}. Ctrl+Z takes it back; save to keep it.</source>
            <translation>已恢复 {0} 留下的版本。Ctrl+Z 可以撤销；保存后才会保留。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/history_dialog.py" line="515" />
            <source>Copied the version's text.</source>
            <translation>已复制这个版本的文字。</translation>
        </message>
    </context>
    <context>
        <name>InlineAssist</name>
        <message>
            <location filename="../../writer/assist/inline.py" line="51" />
            <source>Alternatives failed: {0}</source>
            <translation>备选续写失败：{0}</translation>
        </message>
        <message>
            <location filename="../../writer/assist/inline.py" line="55" />
            <source>No alternatives here: the model wrote nothing that fits at the cursor.</source>
            <translation>此处没有候选：模型写出的内容都接不上光标处的文字。</translation>
        </message>
    </context>
    <context>
        <name>InlineSurface</name>
        <message>
            <location filename="../../writer/ui/surface.py" line="69" />
            <source>Alternatives wait until the rewrite is accepted or rejected.</source>
            <translation>请先接受或拒绝当前改写，再查看备选续写。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/surface.py" line="70" />
            <source>Suggestions wait until the rewrite is accepted or rejected.</source>
            <translation>请先接受或拒绝当前改写，再显示建议。</translation>
        </message>
    </context>
    <context>
        <name>InstalledTab</name>
        <message>
            <location filename="../../writer/ui/models_installed.py" line="59" />
            <source>Model</source>
            <translation>模型</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_installed.py" line="59" />
            <source>Size</source>
            <translation>大小</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_installed.py" line="59" />
            <source>Where from</source>
            <translation>来源</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_installed.py" line="60" />
            <source>Memory</source>
            <translation>内存</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_installed.py" line="61" />
            <source>Models on this computer</source>
            <translation>本机上的模型</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_installed.py" line="66" />
            <location filename="../../writer/ui/models_installed.py" line="179" />
            <source>&amp;Use</source>
            <translation>使用(&amp;U)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_installed.py" line="67" />
            <location filename="../../writer/ui/models_installed.py" line="180" />
            <source>&amp;Delete</source>
            <translation>删除(&amp;D)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_installed.py" line="68" />
            <source>&amp;Import .gguf…</source>
            <translation>导入 .gguf(&amp;I)…</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_installed.py" line="74" />
            <source>Delete Damaged Co&amp;pies</source>
            <translation>删除损坏的副本(&amp;P)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_installed.py" line="109" />
            <source>starter</source>
            <translation>入门模型</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_installed.py" line="110" />
            <source>imported</source>
            <translation>已导入</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_installed.py" line="111" />
            <source>Hugging Face cache</source>
            <translation>Hugging Face 缓存</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_installed.py" line="120" />
            <source>(active)</source>
            <translation>（使用中）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_installed.py" line="130" />
            <source>damaged</source>
            <translation>已损坏</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_installed.py" line="142" />
            <source>unfinished download: {0}%</source>
            <translation>未完成的下载：{0}%</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_installed.py" line="145" />
            <source>unfinished download</source>
            <translation>未完成的下载</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_installed.py" line="157" />
            <source>Damaged downloads set aside (never loaded) take {0} in {1}.</source>
            <translation>被隔离的损坏下载（从不加载）在 {1} 中占用 {0}。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_installed.py" line="169" />
            <source>Deleted the damaged copies ({0} freed).</source>
            <translation>已删除损坏的副本（释放 {0}）。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_installed.py" line="179" />
            <source>&amp;Resume</source>
            <translation>继续下载(&amp;R)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_installed.py" line="180" />
            <source>Dis&amp;card</source>
            <translation>丢弃(&amp;C)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_installed.py" line="187" />
            <source>{0} of {1} downloaded; it is downloading now.</source>
            <translation>已下载 {0}，共 {1}；它正在下载。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_installed.py" line="190" />
            <source>{0} of {1} downloaded; it is in the download queue.</source>
            <translation>已下载 {0}，共 {1}；它在下载队列中。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_installed.py" line="194" />
            <source>{0} of a download whose file is not known (another program's, or one Writer could not note), so it cannot be resumed; Discard deletes it.</source>
            <translation>已下载 {0}，但不知道这个下载是哪个文件（来自其他程序，或 Writer 未能记下），因此无法继续下载；“丢弃”会删除它。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_installed.py" line="200" />
            <source>{0} of {1} downloaded. Resume continues the download from there; Discard deletes the part downloaded.</source>
            <translation>已下载 {0} / {1}。“继续下载”从那里接着下载；“丢弃”删除已下载的部分。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_installed.py" line="258" />
            <source>Discard the unfinished download of {0}? The {1} downloaded so far are deleted.</source>
            <translation>丢弃 {0} 未完成的下载？已下载的 {1} 将被删除。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_installed.py" line="261" />
            <source>Discard download</source>
            <translation>丢弃下载</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_installed.py" line="291" />
            <source>Remove model</source>
            <translation>移除模型</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_installed.py" line="292" />
            <source>Remove {0} from the list? The file stays where it is.</source>
            <translation>从列表中移除 {0}？文件本身保留在原处。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_installed.py" line="296" />
            <source>Delete model</source>
            <translation>删除模型</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_installed.py" line="297" />
            <source>Delete {0} ({1}) from the Hugging Face cache? Other programs that use this cache lose it too.</source>
            <translation>从 Hugging Face 缓存中删除 {0}（{1}）？使用此缓存的其他程序也将失去它。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_installed.py" line="302" />
            <source>It is the model in use: Writer goes back to the starter model.</source>
            <translation>它是正在使用的模型：删除后 Writer 改回使用入门模型。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_installed.py" line="314" />
            <source>Import a GGUF model</source>
            <translation>导入 GGUF 模型</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_installed.py" line="316" />
            <source>GGUF models (*.gguf);;All files (*)</source>
            <translation>GGUF 模型 (*.gguf);;所有文件 (*)</translation>
        </message>
    </context>
    <context>
        <name>Keys</name>
        <message>
            <location filename="../../writer/ui/actions.py" line="683" />
            <location filename="../../writer/ui/actions.py" line="684" />
            <source>Enter</source>
            <translation>回车</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="685" />
            <source>Space</source>
            <translation>空格</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="686" />
            <source>Backspace</source>
            <translation>退格</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="687" />
            <source>Left</source>
            <translation>←</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="688" />
            <source>Right</source>
            <translation>→</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="689" />
            <source>Up</source>
            <translation>↑</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="690" />
            <source>Down</source>
            <translation>↓</translation>
        </message>
    </context>
    <context>
        <name>Languages</name>
        <message>
            <location filename="../../writer/ui/i18n.py" line="32" />
            <source>Chinese</source>
            <translation>中文</translation>
        </message>
        <message>
            <location filename="../../writer/ui/i18n.py" line="33" />
            <source>Japanese</source>
            <translation>日文</translation>
        </message>
        <message>
            <location filename="../../writer/ui/i18n.py" line="34" />
            <source>Korean</source>
            <translation>韩文</translation>
        </message>
        <message>
            <location filename="../../writer/ui/i18n.py" line="35" />
            <source>Russian</source>
            <translation>俄文</translation>
        </message>
        <message>
            <location filename="../../writer/ui/i18n.py" line="36" />
            <source>Ukrainian</source>
            <translation>乌克兰文</translation>
        </message>
        <message>
            <location filename="../../writer/ui/i18n.py" line="37" />
            <source>Greek</source>
            <translation>希腊文</translation>
        </message>
        <message>
            <location filename="../../writer/ui/i18n.py" line="38" />
            <source>Hebrew</source>
            <translation>希伯来文</translation>
        </message>
        <message>
            <location filename="../../writer/ui/i18n.py" line="39" />
            <source>Arabic</source>
            <translation>阿拉伯文</translation>
        </message>
        <message>
            <location filename="../../writer/ui/i18n.py" line="40" />
            <source>Hindi</source>
            <translation>印地文</translation>
        </message>
        <message>
            <location filename="../../writer/ui/i18n.py" line="41" />
            <source>Thai</source>
            <translation>泰文</translation>
        </message>
        <message>
            <location filename="../../writer/ui/i18n.py" line="42" />
            <source>French</source>
            <translation>法文</translation>
        </message>
        <message>
            <location filename="../../writer/ui/i18n.py" line="43" />
            <source>German</source>
            <translation>德文</translation>
        </message>
        <message>
            <location filename="../../writer/ui/i18n.py" line="44" />
            <source>Spanish</source>
            <translation>西班牙文</translation>
        </message>
        <message>
            <location filename="../../writer/ui/i18n.py" line="45" />
            <source>Italian</source>
            <translation>意大利文</translation>
        </message>
        <message>
            <location filename="../../writer/ui/i18n.py" line="46" />
            <source>Portuguese</source>
            <translation>葡萄牙文</translation>
        </message>
        <message>
            <location filename="../../writer/ui/i18n.py" line="47" />
            <source>Dutch</source>
            <translation>荷兰文</translation>
        </message>
    </context>
    <context>
        <name>Links</name>
        <message>
            <location filename="../../writer/ui/links.py" line="32" />
            <source>{0} is not there.</source>
            <translation>{0} 不存在。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/links.py" line="33" />
            <source>Writer opens web links and documents; it does not open {0}.</source>
            <translation>Writer 只打开网页链接和文档，不打开 {0}。</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <location filename="../../writer/app.py" line="442" />
            <source>Something went wrong ({0}). Your text is safe; the details are in Writer's log (Help → Open Log Folder).</source>
            <translation>出了点问题（{0}）。你的文字安然无恙；详情记在 Writer 的日志里（帮助 → 打开日志文件夹）。</translation>
        </message>
        <message>
            <location filename="../../writer/app.py" line="871" />
            <source>Unsaved text kept for later ({0}): File → Recover Unsaved Documents offers it again, as does the next start.</source>
            <translation>未保存的文字已留待以后处理（{0}）：“文件 → 恢复未保存的文档”会再次提供，下次启动时也会。</translation>
        </message>
        <message>
            <location filename="../../writer/app.py" line="895" />
            <source>Unsaved text from when Writer was last ended is back, not saved yet: {0}.</source>
            <translation>上次 Writer 被系统结束时未保存的文字已恢复，仍未保存：{0}。</translation>
        </message>
        <message>
            <location filename="../../writer/app.py" line="929" />
            <source>{0} is open in two windows: the recovered draft in one, other unsaved changes in the other. Saving one, the other asks before replacing it.</source>
            <translation>{0} 在两个窗口中打开：一个是恢复的草稿，另一个有其他未保存的修改。保存其中一个后，另一个在覆盖之前会先询问。</translation>
        </message>
        <message>
            <location filename="../../writer/app.py" line="965" />
            <source>New file: {0} is created when you save.</source>
            <translation>新文件：{0} 会在保存时创建。</translation>
        </message>
        <message>
            <location filename="../../writer/app.py" line="1062" />
            <source>Not reopened from the last session, no longer there: {0}</source>
            <translation>上次会话中的以下文件已不存在，未能重新打开：{0}</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="51" />
            <source>&amp;New</source>
            <translation>新建(&amp;N)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="52" />
            <source>&amp;Open…</source>
            <translation>打开(&amp;O)…</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="55" />
            <source>Open &amp;Folder…</source>
            <translation>打开文件夹(&amp;F)…</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="58" />
            <source>Open a folder as a project: its documents in a panel beside the text</source>
            <translation>把文件夹作为项目打开：其中的文档列在正文旁的面板里</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="62" />
            <source>C&amp;ommand Palette…</source>
            <translation>命令面板(&amp;O)…</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="65" />
            <source>Every menu command by typing part of its name; # goes to a heading, : to a line</source>
            <translation>输入名称的一部分即可找到任一菜单命令；输入 # 转到标题，输入 : 转到行</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="69" />
            <source>&amp;Project Panel</source>
            <translation>项目面板(&amp;P)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="72" />
            <source>Show or hide the project's documents</source>
            <translation>显示或隐藏项目的文档</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="75" />
            <source>&amp;Go to Project Panel</source>
            <translation>转到项目面板(&amp;G)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="78" />
            <source>&amp;Context Panel</source>
            <translation>上下文面板(&amp;C)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="81" />
            <source>What the model is given at the cursor: notes, lore entries, other chapters, text</source>
            <translation>模型在光标处得到的内容：笔记、设定条目、其他章节、正文</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="87" />
            <source>&amp;Markdown Preview</source>
            <translation>Markdown 预览(&amp;M)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="90" />
            <source>The document as a reader will see it (headings, emphasis, pictures), beside the text</source>
            <translation>在文字旁边按读者看到的样子显示文档（标题、强调、图片）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="95" />
            <source>O&amp;utline</source>
            <translation>大纲(&amp;U)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="98" />
            <source>The document's headings as a tree: click one, or Enter, to go there</source>
            <translation>文档的标题树：单击某个标题或按回车即可跳到那里</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="103" />
            <source>Writing &amp;Statistics…</source>
            <translation>写作统计(&amp;S)…</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="106" />
            <source>Words, characters and reading time; the words written today and the daily goal</source>
            <translation>字数、字符数和阅读时间；今天写下的字数和每日目标</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="110" />
            <source>&amp;Distraction-Free Writing</source>
            <translation>专注写作(&amp;D)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="113" />
            <source>Only the text, full screen: F11 again brings back the menus and panels</source>
            <translation>全屏只显示文字：再按 F11 恢复菜单和面板</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="118" />
            <source>T&amp;ypewriter Scrolling</source>
            <translation>打字机滚动(&amp;Y)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="121" />
            <source>Keep the line you are writing in the middle of the window</source>
            <translation>让正在写的那一行始终停在窗口中间</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="126" />
            <source>&amp;Focus on Sentence</source>
            <translation>聚焦当前句子(&amp;F)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="129" />
            <source>Dim the text around the sentence you are writing</source>
            <translation>淡化正在写的句子以外的文字</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="134" />
            <source>Focus on Parag&amp;raph</source>
            <translation>聚焦当前段落(&amp;R)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="137" />
            <source>Dim the text around the paragraph you are writing</source>
            <translation>淡化正在写的段落以外的文字</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="142" />
            <source>Zoom &amp;In</source>
            <translation>放大(&amp;I)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="145" />
            <source>Larger text, in every window (Ctrl and the mouse wheel too)</source>
            <translation>放大所有窗口中的文字（也可按住 Ctrl 滚动鼠标滚轮）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="149" />
            <source>Zoom Ou&amp;t</source>
            <translation>缩小(&amp;T)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="152" />
            <source>Smaller text, in every window</source>
            <translation>缩小所有窗口中的文字</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="156" />
            <source>&amp;Actual Size</source>
            <translation>实际大小(&amp;A)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="159" />
            <source>The text at the size chosen in Settings, or the default</source>
            <translation>文字恢复为设置中选定的大小（未选定时为默认大小）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="163" />
            <source>Edit Project &amp;Notes</source>
            <translation>编辑项目笔记(&amp;N)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="166" />
            <source>The project's notes, the model's memory: what it should always know, and lore entries by keyword</source>
            <translation>项目笔记，即模型的记忆：它应始终知道的内容，以及按关键词出现的设定条目</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="173" />
            <source>Recover &amp;Unsaved Documents…</source>
            <translation>恢复未保存的文档(&amp;U)…</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="176" />
            <source>The documents kept after a crash that you have not restored or discarded yet</source>
            <translation>崩溃后保留下来、你还没有恢复或丢弃的文档</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="178" />
            <source>&amp;Save</source>
            <translation>保存(&amp;S)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="179" />
            <source>Save &amp;As…</source>
            <translation>另存为(&amp;A)…</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="182" />
            <source>E&amp;xport…</source>
            <translation>导出(&amp;X)…</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="185" />
            <source>The document as a PDF, a Word document, an OpenDocument text or a web page</source>
            <translation>把文档导出为 PDF、Word 文档、OpenDocument 文本或网页</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="189" />
            <source>Export &amp;Project…</source>
            <translation>导出项目(&amp;P)…</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="192" />
            <source>The project's documents in the Project panel's order as one manuscript, each on a new page</source>
            <translation>按项目面板中的顺序把项目的文档合成一份书稿，每篇从新的一页开始</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="197" />
            <source>Au&amp;to Save</source>
            <translation>自动保存(&amp;T)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="200" />
            <source>Save each document that has a file when you pause typing, without asking</source>
            <translation>停止输入片刻后自动保存每个已有文件的文档，不再询问</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="205" />
            <source>Local &amp;History…</source>
            <translation>本地历史(&amp;H)…</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="208" />
            <source>The versions Writer kept each time it saved this document: compare and restore</source>
            <translation>Writer 每次保存这个文档时留下的版本：比较并恢复</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="210" />
            <source>&amp;Close</source>
            <translation>关闭(&amp;C)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="211" />
            <source>&amp;Quit</source>
            <translation>退出(&amp;Q)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="212" />
            <source>&amp;Undo</source>
            <translation>撤销(&amp;U)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="213" />
            <source>&amp;Redo</source>
            <translation>重做(&amp;R)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="214" />
            <source>Cu&amp;t</source>
            <translation>剪切(&amp;T)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="215" />
            <source>&amp;Copy</source>
            <translation>复制(&amp;C)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="216" />
            <source>&amp;Paste</source>
            <translation>粘贴(&amp;P)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="219" />
            <source>Paste as Plain Te&amp;xt</source>
            <translation>粘贴为纯文本(&amp;X)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="222" />
            <source>The copied text as it is: a web page's or a word processor's formatting is not turned into Markdown</source>
            <translation>按原样粘贴复制的文字：网页或文字处理软件的格式不转换为 Markdown</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="225" />
            <source>Select &amp;All</source>
            <translation>全选(&amp;A)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="226" />
            <source>&amp;Find…</source>
            <translation>查找(&amp;F)…</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="227" />
            <source>Find &amp;Next</source>
            <translation>查找下一个(&amp;N)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="228" />
            <source>Find Pre&amp;vious</source>
            <translation>查找上一个(&amp;V)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="229" />
            <source>R&amp;eplace…</source>
            <translation>替换(&amp;E)…</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="232" />
            <source>Find in Pro&amp;ject…</source>
            <translation>在项目中查找(&amp;J)…</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="235" />
            <source>Find a word or phrase in every document of the project, in a panel beside the text</source>
            <translation>在项目的所有文档中查找一个词或一句话，结果列在文字旁的面板里</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="239" />
            <source>Replace in Pr&amp;oject…</source>
            <translation>在项目中替换(&amp;O)…</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="242" />
            <source>Replace a word or phrase in every document of the project: it asks first</source>
            <translation>在项目的每个文档中替换一个词或短语：替换前会先询问</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="249" />
            <source>&amp;Go to File…</source>
            <translation>转到文件(&amp;G)…</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="252" />
            <source>Open a document of the project, or a recent one, by typing part of its name</source>
            <translation>输入文件名的一部分，打开项目中的或最近打开过的文档</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="256" />
            <source>Go to &amp;Heading…</source>
            <translation>转到标题(&amp;H)…</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="259" />
            <source>The document's Markdown headings: type part of one, Enter goes there</source>
            <translation>文档中的 Markdown 标题：输入标题的一部分，按回车跳转过去</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="263" />
            <source>Go to &amp;Line…</source>
            <translation>转到行(&amp;L)…</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="266" />
            <source>Type a line's number after the colon, Enter goes there</source>
            <translation>在冒号后输入行号，按回车即跳到该行</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="270" />
            <source>Move L&amp;ine Up</source>
            <translation>上移行(&amp;I)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="273" />
            <source>Move the cursor's line (or the selection's lines) above the line before it</source>
            <translation>把光标所在的行（或选中内容所在的各行）移到上一行之前</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="277" />
            <source>Move Line &amp;Down</source>
            <translation>下移行(&amp;D)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="280" />
            <source>Move the cursor's line (or the selection's lines) below the line after it</source>
            <translation>把光标所在的行（或选中内容所在的各行）移到下一行之后</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="284" />
            <source>Check &amp;Spelling</source>
            <translation>检查拼写(&amp;S)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="287" />
            <source>Underline misspelled words; a right-click on one offers what to write instead</source>
            <translation>在拼错的词下画线；右键单击它可选择正确的写法</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="292" />
            <source>Next &amp;Misspelled Word</source>
            <translation>下一个拼错的词(&amp;M)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="295" />
            <source>Select the next misspelled word after the cursor</source>
            <translation>选中光标之后的下一个拼错的词</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="299" />
            <source>Re&amp;write Selection…</source>
            <translation>改写所选文字(&amp;W)…</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="302" />
            <source>Rewrite the selected text with the model (nothing selected: the cursor's sentence)</source>
            <translation>用模型改写选中的文字（未选中时改写光标所在的句子）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="304" />
            <source>&amp;Bold</source>
            <translation>加粗(&amp;B)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="307" />
            <source>Typographic &amp;Quotes</source>
            <translation>弯引号(&amp;Q)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="310" />
            <source>Make the quotes you type curly (“ ” ‘ ’), not in code; Ctrl+Z right after gives the straight one back</source>
            <translation>把输入的引号变成弯引号（“ ” ‘ ’），代码中除外；紧接着按 Ctrl+Z 恢复直引号</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="314" />
            <source>&amp;Italic</source>
            <translation>斜体(&amp;I)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="317" />
            <source>Inline &amp;Code</source>
            <translation>行内代码(&amp;C)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="320" />
            <source>Mark the selection, or the word at the cursor, as code between backticks</source>
            <translation>把选中的文字或光标处的词用反引号标为代码</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="324" />
            <source>&amp;Link</source>
            <translation>链接(&amp;L)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="327" />
            <source>Make the selection a link and type its address; in a link, make it text again</source>
            <translation>把选中的文字做成链接，再输入地址；光标在链接中时，把它还原为文字</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="331" />
            <source>&amp;Format Table</source>
            <translation>整理表格(&amp;F)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="334" />
            <source>Align the columns of the table at the cursor; Tab and Enter in a table do it too</source>
            <translation>对齐光标所在表格的各列；在表格中按 Tab 和回车也会对齐</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="338" />
            <source>Insert &amp;Table</source>
            <translation>插入表格(&amp;T)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="341" />
            <source>Insert an empty table of three columns; Tab goes from cell to cell</source>
            <translation>插入一个三列的空表格；按 Tab 从一个单元格移到下一个</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="345" />
            <source>Add &amp;Row</source>
            <translation>添加行(&amp;R)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="348" />
            <source>Add an empty row under the cursor's row of the table</source>
            <translation>在表格中光标所在行的下方添加一个空行</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="352" />
            <source>Add &amp;Column</source>
            <translation>添加列(&amp;C)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="355" />
            <source>Add an empty column after the cursor's column of the table</source>
            <translation>在表格中光标所在列的后面添加一个空列</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="359" />
            <source>&amp;Delete Row</source>
            <translation>删除行(&amp;D)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="362" />
            <source>Take the cursor's row out of the table</source>
            <translation>从表格中删除光标所在的行</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="366" />
            <source>D&amp;elete Column</source>
            <translation>删除列(&amp;E)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="369" />
            <source>Take the cursor's column out of the table, every row's cell of it</source>
            <translation>从表格中删除光标所在的列，包括每一行中该列的单元格</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="373" />
            <source>Align Column &amp;Left</source>
            <translation>列靠左对齐(&amp;L)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="376" />
            <source>Place the cursor's column of the table on the left (:--)</source>
            <translation>让表格中光标所在的列靠左（:--）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="380" />
            <source>Align Column Ce&amp;nter</source>
            <translation>列居中(&amp;N)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="383" />
            <source>Centre the cursor's column of the table (:-:)</source>
            <translation>让表格中光标所在的列居中（:-:）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="387" />
            <source>Align Column R&amp;ight</source>
            <translation>列靠右对齐(&amp;I)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="390" />
            <source>Place the cursor's column of the table on the right (--:)</source>
            <translation>让表格中光标所在的列靠右（--:）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="394" />
            <source>Heading &amp;1</source>
            <translation>一级标题(&amp;1)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="397" />
            <location filename="../../writer/ui/actions.py" line="404" />
            <location filename="../../writer/ui/actions.py" line="411" />
            <source>Make the line a heading of this level, or a paragraph again if it is one</source>
            <translation>把这一行设为这一级标题；已经是这一级标题时，恢复为正文</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="401" />
            <source>Heading &amp;2</source>
            <translation>二级标题(&amp;2)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="408" />
            <source>Heading &amp;3</source>
            <translation>三级标题(&amp;3)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="415" />
            <source>Move Section &amp;Up</source>
            <translation>上移章节(&amp;U)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="418" />
            <source>Move the section the cursor is in (its heading and all under it) above the one before it</source>
            <translation>把光标所在的章节（它的标题及其下的全部内容）移到前一个章节之前</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="423" />
            <source>Move Section Do&amp;wn</source>
            <translation>下移章节(&amp;W)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="426" />
            <source>Move the section the cursor is in (its heading and all under it) below the one after it</source>
            <translation>把光标所在的章节（它的标题及其下的全部内容）移到后一个章节之后</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="431" />
            <source>S&amp;elect Section</source>
            <translation>选择章节(&amp;E)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="434" />
            <source>Select the section the cursor is in: its heading and all under it</source>
            <translation>选中光标所在的章节：它的标题及其下的全部内容</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="438" />
            <source>&amp;Promote Section</source>
            <translation>提升章节级别(&amp;P)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="441" />
            <source>Raise the section's heading, and every heading under it, one level (### to ##)</source>
            <translation>把章节的标题及其下的每个标题提升一级（### 变为 ##）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="445" />
            <source>&amp;Demote Section</source>
            <translation>降低章节级别(&amp;D)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="448" />
            <source>Lower the section's heading, and every heading under it, one level (## to ###)</source>
            <translation>把章节的标题及其下的每个标题降低一级（## 变为 ###）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="452" />
            <source>&amp;Suggestions</source>
            <translation>续写建议(&amp;S)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="455" />
            <source>Show the model's continuation as grey text while you type</source>
            <translation>输入时以灰色文字显示模型的续写</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="458" />
            <source>Suggest &amp;Now</source>
            <translation>立即建议(&amp;N)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="461" />
            <source>Ne&amp;xt Alternative</source>
            <translation>下一个候选(&amp;X)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="467" />
            <source>&amp;Previous Alternative</source>
            <translation>上一个候选(&amp;P)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="473" />
            <source>All &amp;Alternatives…</source>
            <translation>全部候选(&amp;A)…</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="478" />
            <source>Se&amp;ttings…</source>
            <translation>设置(&amp;T)…</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="479" />
            <source>&amp;Manage Models…</source>
            <translation>管理模型(&amp;M)…</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="482" />
            <source>Use the &amp;Local Model</source>
            <translation>使用本机模型(&amp;L)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="485" />
            <source>Stop using the server: suggestions and rewrites run on this computer again</source>
            <translation>不再使用服务器：建议和改写重新在本机运行</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="489" />
            <source>Use the Ser&amp;ver</source>
            <translation>使用服务器(&amp;V)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="492" />
            <source>Back to the server used before: suggestions and rewrites are sent to it again</source>
            <translation>回到之前使用的服务器：建议和改写重新发送到它那里</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="496" />
            <source>Writer &amp;Help</source>
            <translation>Writer 帮助(&amp;H)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="499" />
            <source>A guide to Writer, in a window beside the text</source>
            <translation>Writer 使用指南，在正文旁的独立窗口中打开</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="501" />
            <source>&amp;Welcome and Keys</source>
            <translation>欢迎与快捷键(&amp;W)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="502" />
            <source>Open &amp;Log Folder</source>
            <translation>打开日志文件夹(&amp;L)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="503" />
            <source>&amp;Report a Problem…</source>
            <translation>报告问题(&amp;R)…</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="504" />
            <source>&amp;About Writer</source>
            <translation>关于 Writer(&amp;A)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="519" />
            <source>&amp;File</source>
            <translation>文件(&amp;F)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="526" />
            <source>&amp;Edit</source>
            <translation>编辑(&amp;E)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="537" />
            <source>F&amp;ormat</source>
            <translation>格式(&amp;O)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="540" />
            <source>T&amp;able</source>
            <translation>表格(&amp;A)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="544" />
            <source>&amp;View</source>
            <translation>视图(&amp;V)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="552" />
            <source>&amp;Model</source>
            <translation>模型(&amp;M)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="556" />
            <source>&amp;Help</source>
            <translation>帮助(&amp;H)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="561" />
            <source>Open &amp;Recent</source>
            <translation>最近打开(&amp;R)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/actions.py" line="562" />
            <source>Main</source>
            <translation>主工具栏</translation>
        </message>
        <message>
            <location filename="../../writer/ui/main_window.py" line="100" />
            <source># Notes

&lt;!-- The model reads every section of this file, but not what is between these marks. --&gt;

## Style

&lt;!-- How the text should read, for example: past tense, plain words. This section is placed a few lines before the cursor. --&gt;

&lt;!-- An entry: a section whose heading lists words in brackets is given to the model only when one of those words is written near the cursor. Take the marks away to use it.

## Ruth Okafor (Ruth, the detective)

Ruth Okafor, forty-one, the town's only detective.
--&gt;

## The Story

&lt;!-- Write here what the model should always know about this project: the synopsis, who is who, places. --&gt;

</source>
            <translation># 笔记

&lt;!-- 这个文件的每一节都会交给模型，只有这对标记之间的文字不会。 --&gt;

## 风格

&lt;!-- 文字应有的样子，例如：第三人称，句子简短，用词朴素。这一节放在光标前几行。 --&gt;

&lt;!-- 一个条目：标题里用括号列出关键词的小节，只有当其中某个词出现在光标附近时才交给模型。关键词至少用两个字：中文不分词，一个字也会在别的词里出现（“林”在“森林”里）。去掉标记即可使用。

## 林晓（晓晓、林姑娘）

林晓，十九岁，灯塔看守人的女儿。
--&gt;

## 故事

&lt;!-- 在这里写模型应始终知道的项目内容：梗概、人物关系、地点。 --&gt;

</translation>
        </message>
        <message>
            <location filename="../../writer/ui/main_window.py" line="300" />
            <source>Suggestion failed: {0}</source>
            <translation>建议失败：{0}</translation>
        </message>
        <message>
            <location filename="../../writer/ui/main_window.py" line="304" />
            <source>Reading the document ahead failed: {0}</source>
            <translation>预读文档失败：{0}</translation>
        </message>
        <message>
            <location filename="../../writer/ui/main_window.py" line="402" />
            <source>Spelling is not checked: Edit → Check Spelling turns it on.</source>
            <translation>未检查拼写：“编辑 → 检查拼写”可以打开它。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/main_window.py" line="405" />
            <source>Spelling is not checked in this document.</source>
            <translation>此文档未检查拼写。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/main_window.py" line="407" />
            <source>No misspelled words.</source>
            <translation>没有拼错的词。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/main_window.py" line="413" />
            <location filename="../../writer/ui/main_window.py" line="421" />
            <source>The cursor is not in a table.</source>
            <translation>光标不在表格中。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/main_window.py" line="423" />
            <source>The header row stays: a table needs one.</source>
            <translation>表头行不能删除：表格需要它。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/main_window.py" line="425" />
            <source>A table keeps at least one column.</source>
            <translation>表格至少要保留一列。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/main_window.py" line="450" />
            <source>The cursor is above the first heading: it is in no section.</source>
            <translation>光标在第一个标题之上：它不在任何章节中。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/main_window.py" line="452" />
            <source>This is the first section at its level under its heading.</source>
            <translation>这已是所属标题下同级的第一个章节。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/main_window.py" line="454" />
            <source>This is the last section at its level under its heading.</source>
            <translation>这已是所属标题下同级的最后一个章节。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/main_window.py" line="456" />
            <source>Headings go from # to ######: this section's cannot go further.</source>
            <translation>标题级别从 # 到 ######：这个章节的标题不能再变了。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/main_window.py" line="458" />
            <source>Left as it is: the text around it would read differently (a heading would no longer be one).</source>
            <translation>未做改动：否则周围的文字会被读成别的样子（某个标题将不再是标题）。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/main_window.py" line="461" />
            <source>Not while a rewrite or an input method holds the text.</source>
            <translation>改写进行中或输入法正在输入时不能这样做。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/main_window.py" line="475" />
            <source>Suggestions on</source>
            <translation>已开启建议</translation>
        </message>
        <message>
            <location filename="../../writer/ui/main_window.py" line="477" />
            <source>Suggestions off: Ctrl+Space still asks</source>
            <translation>已关闭建议：仍可按 Ctrl+空格 请求</translation>
        </message>
        <message>
            <location filename="../../writer/ui/main_window.py" line="495" />
            <location filename="../../writer/ui/main_window.py" line="1260" />
            <source>{0} is no longer there.</source>
            <translation>{0} 已不在原处。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/main_window.py" line="505" />
            <source>F11 brings back the menus and panels</source>
            <translation>按 F11 恢复菜单和面板</translation>
        </message>
        <message>
            <location filename="../../writer/ui/main_window.py" line="506" />
            <source>Document text</source>
            <translation>文档正文</translation>
        </message>
        <message>
            <location filename="../../writer/ui/main_window.py" line="508" />
            <source>Alternative shown (Alt+] and Alt+[ cycle, Ctrl+Enter lists)</source>
            <translation>当前显示的候选（Alt+] 和 Alt+[ 切换，Ctrl+回车 列出全部）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/main_window.py" line="525" />
            <source>{0}[*] — {1} — Writer</source>
            <translation>{0}[*] — {1} — Writer</translation>
        </message>
        <message>
            <location filename="../../writer/ui/main_window.py" line="527" />
            <source>{0}[*] — Writer</source>
            <translation>{0}[*] — Writer</translation>
        </message>
        <message>
            <location filename="../../writer/ui/main_window.py" line="650" />
            <source>Save the document first: a pasted picture is kept in a folder beside it.</source>
            <translation>请先保存文档：粘贴的图片会保存在文档旁边的文件夹里。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/main_window.py" line="664" />
            <source>The pasted picture could not be kept in {0}: {1}</source>
            <translation>粘贴的图片无法保存到 {0}：{1}</translation>
        </message>
        <message>
            <location filename="../../writer/ui/main_window.py" line="671" />
            <source>The picture is kept as {0}.</source>
            <translation>图片已保存为 {0}。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/main_window.py" line="763" />
            <source>Today's goal reached: {0} words.</source>
            <translation>今天的目标已达成：{0} 字。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/main_window.py" line="793" />
            <source>This document is not saved yet: Writer keeps a version each time it saves it.</source>
            <translation>这个文档还没有保存过：Writer 每次保存时都会留下一个版本。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/main_window.py" line="799" />
            <source>Writer has kept no version of {0} yet: it keeps one each time it saves it.</source>
            <translation>Writer 还没有留下 {0} 的任何版本：每次保存时都会留下一个。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/main_window.py" line="824" />
            <source>Saved {0} with the passage as it was: the rewrite goes into the file once you accept it (Enter) and save again.</source>
            <translation>已保存 {0}，其中是这段文字原来的样子：接受改写（回车）并再次保存后，改写才会写入文件。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/main_window.py" line="856" />
            <source>No recent files</source>
            <translation>没有最近的文件</translation>
        </message>
        <message>
            <location filename="../../writer/ui/main_window.py" line="866" />
            <source>{0} (folder)</source>
            <translation>{0}（文件夹）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/main_window.py" line="880" />
            <source>Open Folder</source>
            <translation>打开文件夹</translation>
        </message>
        <message>
            <location filename="../../writer/ui/main_window.py" line="891" />
            <source>Cannot open folder</source>
            <translation>无法打开文件夹</translation>
        </message>
        <message>
            <location filename="../../writer/ui/main_window.py" line="957" />
            <source>(and {0} more)</source>
            <translation>（另有 {0} 条）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/main_window.py" line="1002" />
            <source>Text size: {0}%</source>
            <translation>文字大小：{0}%</translation>
        </message>
        <message>
            <location filename="../../writer/ui/main_window.py" line="1092" />
            <source>Open a folder as a project first (File → Open Folder).</source>
            <translation>请先把一个文件夹作为项目打开（文件 → 打开文件夹）。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/main_window.py" line="1106" />
            <source>Open the Project's Folder</source>
            <translation>打开项目的文件夹</translation>
        </message>
        <message>
            <location filename="../../writer/ui/main_window.py" line="1116" />
            <source>Writer cannot make {0}: {1}</source>
            <translation>Writer 无法创建 {0}：{1}</translation>
        </message>
        <message>
            <location filename="../../writer/ui/main_window.py" line="1134" />
            <source>Open a Folder to Search</source>
            <translation>打开要搜索的文件夹</translation>
        </message>
        <message>
            <location filename="../../writer/ui/main_window.py" line="1227" />
            <source>Line {0} no longer holds “{1}”: the document changed since the search.</source>
            <translation>第 {0} 行已经没有“{1}”了：查找之后文档有了改动。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/main_window.py" line="1288" />
            <location filename="../../writer/ui/main_window.py" line="1313" />
            <source>Reading the project…</source>
            <translation>正在读取项目…</translation>
        </message>
        <message>
            <location filename="../../writer/ui/main_window.py" line="1293" />
            <source>The project has no documents to export yet.</source>
            <translation>项目里还没有可导出的文档。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/main_window.py" line="1356" />
            <source>Made {0}.</source>
            <translation>已新建 {0}。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/main_window.py" line="1383" />
            <source>{0} stays where it is.</source>
            <translation>{0} 留在原处。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/main_window.py" line="1385" />
            <source>{0} is now named {1}.</source>
            <translation>{0} 已重命名为 {1}。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/main_window.py" line="1388" />
            <source>{0} is now {1}.</source>
            <translation>{0} 已移到 {1}。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/main_window.py" line="1399" />
            <source>Move to Trash</source>
            <translation>移到回收站</translation>
        </message>
        <message>
            <location filename="../../writer/ui/main_window.py" line="1400" />
            <source>Move {0} to the trash?</source>
            <translation>把 {0} 移到回收站吗？</translation>
        </message>
        <message>
            <location filename="../../writer/ui/main_window.py" line="1403" />
            <source>Move to &amp;Trash</source>
            <translation>移到回收站(&amp;T)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/main_window.py" line="1404" />
            <source>It can be restored from the system's trash.</source>
            <translation>可以从系统的回收站还原它。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/main_window.py" line="1406" />
            <source>Its unsaved changes stay in its window.</source>
            <translation>它未保存的修改留在它的窗口里。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/main_window.py" line="1422" />
            <source>{0} is in the trash.</source>
            <translation>{0} 已移到回收站。</translation>
        </message>
    </context>
    <context>
        <name>ManuscriptDialog</name>
        <message>
            <location filename="../../writer/ui/manuscript_dialog.py" line="51" />
            <source>Export Project</source>
            <translation>导出项目</translation>
        </message>
        <message>
            <location filename="../../writer/ui/manuscript_dialog.py" line="57" />
            <source>Your name, as the title page shows it</source>
            <translation>你的名字，照扉页上的写法</translation>
        </message>
        <message>
            <location filename="../../writer/ui/manuscript_dialog.py" line="58" />
            <source>&amp;Title:</source>
            <translation>书名(&amp;T)：</translation>
        </message>
        <message>
            <location filename="../../writer/ui/manuscript_dialog.py" line="58" />
            <source>&amp;Author:</source>
            <translation>作者(&amp;A)：</translation>
        </message>
        <message>
            <location filename="../../writer/ui/manuscript_dialog.py" line="63" />
            <source>Title &amp;page (the title and the author on a page of their own)</source>
            <translation>扉页(&amp;P)（书名和作者单独占一页）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/manuscript_dialog.py" line="66" />
            <source>Table of c&amp;ontents (the chapters' headings)</source>
            <translation>目录(&amp;O)（各章的标题）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/manuscript_dialog.py" line="79" />
            <source>&amp;Export…</source>
            <translation>导出(&amp;E)…</translation>
        </message>
        <message>
            <location filename="../../writer/ui/manuscript_dialog.py" line="104" />
            <source>, </source>
            <translation>、</translation>
        </message>
        <message>
            <location filename="../../writer/ui/manuscript_dialog.py" line="106" />
            <source>{0} and {1} more</source>
            <translation>{0}，另有 {1} 个</translation>
        </message>
        <message>
            <location filename="../../writer/ui/manuscript_dialog.py" line="108" />
            <source>In the manuscript, in the Project panel's order: {0}.</source>
            <translation>书稿按项目面板的顺序包含：{0}。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/manuscript_dialog.py" line="109" />
            <source>In the manuscript, in the Project panel's order (the notes file left out): {0}.</source>
            <translation>书稿按项目面板的顺序包含（不含笔记文件）：{0}。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/manuscript_dialog.py" line="137" />
            <source>Contents</source>
            <translation>目录</translation>
        </message>
    </context>
    <context>
        <name>MarkdownPreview</name>
        <message>
            <location filename="../../writer/ui/preview.py" line="209" />
            <source>Preview</source>
            <translation>预览</translation>
        </message>
        <message>
            <location filename="../../writer/ui/preview.py" line="211" />
            <source>A long document: the preview shows the part around the text on screen.</source>
            <translation>文档较长：预览只显示屏幕上文字附近的部分。</translation>
        </message>
    </context>
    <context>
        <name>ModelStatus</name>
        <message>
            <location filename="../../writer/ui/model_status.py" line="157" />
            <location filename="../../writer/ui/model_status.py" line="202" />
            <source>No model</source>
            <translation>没有模型</translation>
        </message>
        <message>
            <location filename="../../writer/ui/model_status.py" line="166" />
            <source>Loading {0}…</source>
            <translation>正在加载 {0}…</translation>
        </message>
        <message>
            <location filename="../../writer/ui/model_status.py" line="180" />
            <source>The model runs with less GPU offload than asked:</source>
            <translation>模型使用的 GPU 层数少于设定：</translation>
        </message>
        <message>
            <location filename="../../writer/ui/model_status.py" line="188" />
            <source>context {0} tokens, opened in {1:.1f} s</source>
            <translation>上下文 {0} 个词元，{1:.1f} 秒内打开</translation>
        </message>
        <message>
            <location filename="../../writer/ui/model_status.py" line="205" />
            <source>The editor works without suggestions.</source>
            <translation>编辑器仍可使用，只是没有建议。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/model_status.py" line="212" />
            <source>Text goes to {0}</source>
            <translation>文字发送至 {0}</translation>
        </message>
        <message>
            <location filename="../../writer/ui/model_status.py" line="214" />
            <source>What you write near the cursor, and what you ask to rewrite, is sent to {0} for suggestions and rewrites. Model → Use the Local Model keeps it here.</source>
            <translation>光标附近的文字和要改写的内容会发送到 {0}，用于建议和改写。选择“模型 → 使用本机模型”可让文字留在本机。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/model_status.py" line="226" />
            <source>rewrite: </source>
            <translation>改写：</translation>
        </message>
        <message>
            <location filename="../../writer/ui/model_status.py" line="231" />
            <source>first token at once (kept from the last try)</source>
            <translation>首个词元即刻得到（沿用上次的结果）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/model_status.py" line="233" />
            <source>first token {0:.0f} ms</source>
            <translation>首个词元 {0:.0f} 毫秒</translation>
        </message>
        <message>
            <location filename="../../writer/ui/model_status.py" line="236" />
            <source>{0} tok/s</source>
            <translation>每秒 {0} 个词元</translation>
        </message>
        <message>
            <location filename="../../writer/ui/model_status.py" line="240" />
            <source>{0} prompt tokens reused from the cache, {1} evaluated; {2} generated</source>
            <translation>提示词中 {0} 个词元取自缓存，{1} 个重新计算；生成 {2} 个</translation>
        </message>
        <message>
            <location filename="../../writer/ui/model_status.py" line="244" />
            <source>; {0} of {1} tokens drafted from the selection accepted, in {2} batches</source>
            <translation>；从所选文字起草的 {1} 个词元中接受了 {0} 个，共 {2} 批</translation>
        </message>
        <message>
            <location filename="../../writer/ui/model_status.py" line="260" />
            <source>Reading the document… {0}%</source>
            <translation>正在读取文档… {0}%</translation>
        </message>
        <message>
            <location filename="../../writer/ui/model_status.py" line="262" />
            <source>The model reads the text before the cursor while you write; until it is done, suggestions come from the last paragraphs.</source>
            <translation>模型在你写作时读取光标前的文字；读完之前，建议只依据最后几段。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/model_status.py" line="297" />
            <source>The model in use was trained on English: in {0} it answers in English or in broken {0}.</source>
            <translation>当前模型以英文训练：写{0}时它会用英文或不通顺的{0}回答。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/model_status.py" line="302" />
            <source>The model in use was not trained on {0}: it answers in another language or in broken {0}.</source>
            <translation>当前模型没有用{0}训练：它会用别的语言或不通顺的{0}回答。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/model_status.py" line="309" />
            <source>This model writes English only: try {0}</source>
            <translation>此模型只会写英文：试试 {0}</translation>
        </message>
        <message>
            <location filename="../../writer/ui/model_status.py" line="312" />
            <source>This model does not write {0}: try {1}</source>
            <translation>此模型不会写{0}：试试 {1}</translation>
        </message>
        <message>
            <location filename="../../writer/ui/model_status.py" line="314" />
            <source>{0} writes {1}; {2} (Model → Manage Models).</source>
            <translation>{0} 能写{1}；{2}（模型 → 管理模型）。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/model_status.py" line="319" />
            <source>This model writes English only</source>
            <translation>此模型只会写英文</translation>
        </message>
        <message>
            <location filename="../../writer/ui/model_status.py" line="321" />
            <source>This model does not write {0}</source>
            <translation>此模型不会写{0}</translation>
        </message>
        <message>
            <location filename="../../writer/ui/model_status.py" line="323" />
            <source>The catalog's models that write {0} do not fit this computer.</source>
            <translation>目录中能写{0}的模型在这台电脑上都装不下。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/model_status.py" line="326" />
            <source>This model does not write {0}, nor does any in the catalog</source>
            <translation>此模型不会写{0}，目录中的模型也都不会</translation>
        </message>
        <message>
            <location filename="../../writer/ui/model_status.py" line="328" />
            <source>None of the models in Writer's catalog writes {0}.</source>
            <translation>Writer 目录中没有能写{0}的模型。</translation>
        </message>
    </context>
    <context>
        <name>ModelsDialog</name>
        <message>
            <location filename="../../writer/ui/models_dialog.py" line="65" />
            <source>Models</source>
            <translation>模型</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_dialog.py" line="79" />
            <source>Install&amp;ed</source>
            <translation>已安装(&amp;E)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_dialog.py" line="80" />
            <source>Catalo&amp;g</source>
            <translation>推荐目录(&amp;G)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_dialog.py" line="81" />
            <source>Search the Hu&amp;b</source>
            <translation>在 Hub 中搜索(&amp;B)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_dialog.py" line="172" />
            <source>Model too large</source>
            <translation>模型太大</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_dialog.py" line="173" />
            <source>Use it anyway?</source>
            <translation>仍然使用？</translation>
        </message>
    </context>
    <context>
        <name>OutlinePanel</name>
        <message>
            <location filename="../../writer/ui/outline.py" line="158" />
            <source>Outline</source>
            <translation>大纲</translation>
        </message>
        <message>
            <location filename="../../writer/ui/outline.py" line="159" />
            <source>Headings of the document</source>
            <translation>文档的标题</translation>
        </message>
        <message>
            <location filename="../../writer/ui/outline.py" line="161" />
            <source>No headings yet: a line such as “## Chapter One” starts one.</source>
            <translation>还没有标题：像“## 第一章”这样的一行就是一个标题。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/outline.py" line="380" />
            <source>1 word</source>
            <translation>1 字</translation>
        </message>
        <message>
            <location filename="../../writer/ui/outline.py" line="380" />
            <source>{0} words</source>
            <translation>{0} 字</translation>
        </message>
    </context>
    <context>
        <name>Patterns</name>
        <message>
            <location filename="../../writer/ui/i18n.py" line="304" />
            <source>a “(” is not closed</source>
            <translation>有一个“(”没有闭合</translation>
        </message>
        <message>
            <location filename="../../writer/ui/i18n.py" line="305" />
            <source>a “)” has no “(” before it</source>
            <translation>有一个“)”前面没有对应的“(”</translation>
        </message>
        <message>
            <location filename="../../writer/ui/i18n.py" line="306" />
            <source>a “[” is not closed</source>
            <translation>有一个“[”没有闭合</translation>
        </message>
        <message>
            <location filename="../../writer/ui/i18n.py" line="307" />
            <source>a *, + or ? follows nothing it could repeat</source>
            <translation>*、+ 或 ? 前面没有可以重复的内容</translation>
        </message>
        <message>
            <location filename="../../writer/ui/i18n.py" line="308" />
            <source>two repeats (such as * and +) follow each other</source>
            <translation>两个重复符号（如 * 和 +）紧挨在一起</translation>
        </message>
        <message>
            <location filename="../../writer/ui/i18n.py" line="309" />
            <source>“{0}” is no escape a pattern knows</source>
            <translation>“{0}”不是正则表达式认识的转义</translation>
        </message>
        <message>
            <location filename="../../writer/ui/i18n.py" line="310" />
            <source>the range “{0}” runs backwards</source>
            <translation>范围“{0}”的起止顺序颠倒了</translation>
        </message>
        <message>
            <location filename="../../writer/ui/i18n.py" line="313" />
            <source>a look-behind must match a fixed number of characters</source>
            <translation>后行断言必须匹配固定数量的字符</translation>
        </message>
        <message>
            <location filename="../../writer/ui/i18n.py" line="315" />
            <source>the pattern ends with a lone “\”</source>
            <translation>表达式以一个单独的“\”结尾</translation>
        </message>
        <message>
            <location filename="../../writer/ui/i18n.py" line="316" />
            <source>the escape “{0}” is cut short</source>
            <translation>转义“{0}”不完整</translation>
        </message>
        <message>
            <location filename="../../writer/ui/i18n.py" line="319" />
            <source>the pattern ends in the middle of a group or an escape</source>
            <translation>表达式在一个分组或转义的中间就结束了</translation>
        </message>
        <message>
            <location filename="../../writer/ui/i18n.py" line="323" />
            <source>a repeat in braces asks for at least more than at most</source>
            <translation>花括号里的重复次数，最少值大于最多值</translation>
        </message>
        <message>
            <location filename="../../writer/ui/i18n.py" line="327" />
            <source>a repeated group can itself match as a repetition, which can take minutes on some lines: write it without the inner repeat, or make that one possessive (such as a++)</source>
            <translation>一个会重复的组本身又能以重复的方式匹配，在某些行上可能要花上几分钟：请去掉里面那层重复，或把它写成占有式（如 a++）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/i18n.py" line="333" />
            <source>the search stopped before it ended (Writer's log says why)</source>
            <translation>搜索在结束前停止了（原因见 Writer 的日志）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/i18n.py" line="337" />
            <source>it tried so many ways to match some line that the search was stopped after ten seconds</source>
            <translation>它在某一行上尝试的匹配方式太多，搜索在十秒后被停止了</translation>
        </message>
        <message>
            <location filename="../../writer/ui/i18n.py" line="340" />
            <source>no group is called “{0}”</source>
            <translation>没有名为“{0}”的分组</translation>
        </message>
        <message>
            <location filename="../../writer/ui/i18n.py" line="341" />
            <source>there is no group {0} to refer to</source>
            <translation>没有可引用的第 {0} 个分组</translation>
        </message>
        <message>
            <location filename="../../writer/ui/i18n.py" line="344" />
            <source>“\g&lt;” must be followed by a group's name or number and “&gt;”</source>
            <translation>“\g&lt;”后面必须跟分组的名称或编号以及“&gt;”</translation>
        </message>
        <message>
            <location filename="../../writer/ui/i18n.py" line="348" />
            <source>“{0}” cannot be a group's name</source>
            <translation>“{0}”不能作为分组的名称</translation>
        </message>
        <message>
            <location filename="../../writer/ui/i18n.py" line="350" />
            <source>a “(?#” comment is not closed</source>
            <translation>“(?#”注释没有闭合</translation>
        </message>
        <message>
            <location filename="../../writer/ui/i18n.py" line="351" />
            <source>a group's name is not closed by “&gt;”</source>
            <translation>分组名没有用“&gt;”闭合</translation>
        </message>
        <message>
            <location filename="../../writer/ui/i18n.py" line="354" />
            <source>a flag such as (?i) must stand at the very start</source>
            <translation>(?i) 这样的标志必须放在最开头</translation>
        </message>
        <message>
            <location filename="../../writer/ui/i18n.py" line="358" />
            <source>a group refers to itself before it is closed</source>
            <translation>分组在闭合之前引用了自身</translation>
        </message>
    </context>
    <context>
        <name>Presets</name>
        <message>
            <location filename="../../writer/assist/presets.py" line="46" />
            <source>Improve</source>
            <translation>润色</translation>
        </message>
        <message>
            <location filename="../../writer/assist/presets.py" line="47" />
            <source>Shorter</source>
            <translation>更简短</translation>
        </message>
        <message>
            <location filename="../../writer/assist/presets.py" line="48" />
            <source>Longer</source>
            <translation>更详细</translation>
        </message>
        <message>
            <location filename="../../writer/assist/presets.py" line="49" />
            <source>Simpler</source>
            <translation>更简单</translation>
        </message>
        <message>
            <location filename="../../writer/assist/presets.py" line="50" />
            <source>More formal</source>
            <translation>更正式</translation>
        </message>
        <message>
            <location filename="../../writer/assist/presets.py" line="51" />
            <source>More casual</source>
            <translation>更随意</translation>
        </message>
        <message>
            <location filename="../../writer/assist/presets.py" line="52" />
            <source>Fix spelling and grammar</source>
            <translation>修正拼写和语法</translation>
        </message>
        <message>
            <location filename="../../writer/assist/presets.py" line="55" />
            <source>Translate to English</source>
            <translation>译成英文</translation>
        </message>
        <message>
            <location filename="../../writer/assist/presets.py" line="56" />
            <source>Translate to Chinese</source>
            <translation>译成中文</translation>
        </message>
    </context>
    <context>
        <name>ProjectFindPanel</name>
        <message>
            <location filename="../../writer/ui/project_find.py" line="326" />
            <source>Find in Project</source>
            <translation>在项目中查找</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_find.py" line="327" />
            <source>Find in the project</source>
            <translation>在项目中查找</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_find.py" line="328" />
            <source>Find in the project's documents</source>
            <translation>在项目的文档中查找</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_find.py" line="329" />
            <source>Matches in the project's documents</source>
            <translation>项目文档中的匹配</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_find.py" line="331" />
            <location filename="../../writer/ui/project_find.py" line="332" />
            <source>Replace</source>
            <translation>替换</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_find.py" line="333" />
            <location filename="../../writer/ui/project_find.py" line="334" />
            <source>Replace with</source>
            <translation>替换为</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_find.py" line="337" />
            <source>Replace Ever&amp;ywhere</source>
            <translation>全部替换(&amp;Y)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_find.py" line="339" />
            <source>Replace every match in the project's documents (it asks first; Enter in the field too)</source>
            <translation>替换项目文档中的每一处匹配（替换前会先询问；在输入框中按 Enter 也可以）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_find.py" line="361" />
            <source>Searching…</source>
            <translation>正在查找…</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_find.py" line="365" />
            <source>This project has no documents to search yet.</source>
            <translation>这个项目还没有可以搜索的文档。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_find.py" line="367" />
            <source>No matches</source>
            <translation>没有匹配</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_find.py" line="372" />
            <source>First {0} matches shown, in one document.</source>
            <translation>只显示前 {0} 处匹配，都在一个文档中。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_find.py" line="374" />
            <source>First {0} matches shown, in {1} documents.</source>
            <translation>只显示前 {0} 处匹配，分布在 {1} 个文档中。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_find.py" line="377" />
            <source>1 match in 1 document</source>
            <translation>1 个文档中共 1 处匹配</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_find.py" line="379" />
            <source>{0} matches in 1 document</source>
            <translation>1 个文档中共 {0} 处匹配</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_find.py" line="381" />
            <source>{0} matches in {1} documents</source>
            <translation>{1} 个文档中共 {0} 处匹配</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_find.py" line="387" />
            <source>1 document could not be read</source>
            <translation>有 1 个文档无法读取</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_find.py" line="389" />
            <source>{0} documents could not be read</source>
            <translation>有 {0} 个文档无法读取</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_find.py" line="530" />
            <source>Replacing…</source>
            <translation>正在替换…</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_find.py" line="548" />
            <source>Replace &amp;All in This Document</source>
            <translation>在此文档中全部替换(&amp;A)</translation>
        </message>
    </context>
    <context>
        <name>ProjectPanel</name>
        <message>
            <location filename="../../writer/ui/project_panel.py" line="111" />
            <source>{0} is no longer there.</source>
            <translation>{0} 已不在原处。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_panel.py" line="114" />
            <source>Could not move {0} to the trash ({1}); it stays where it is.</source>
            <translation>无法把 {0} 移到回收站（{1}）；它留在原处。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_panel.py" line="320" />
            <source>Project</source>
            <translation>项目</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_panel.py" line="400" />
            <source>{0} is not shown: the panel shows the first {1} of the project's {2} documents, by their names.</source>
            <translation>{0} 未显示：面板只按名称显示项目 {2} 个文档中的前 {1} 个。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_panel.py" line="404" />
            <source>{0} is not shown: the project no longer lists it.</source>
            <translation>{0} 未显示：项目已不再列出它。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_panel.py" line="429" />
            <source>{0} — notes</source>
            <translation>{0} — 笔记</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_panel.py" line="430" />
            <source>The project's notes: what the model should always know</source>
            <translation>项目笔记：模型始终应当知道的内容</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_panel.py" line="567" />
            <source>{0} in the {1} documents listed</source>
            <translation>列出的 {1} 篇文档共 {0}</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_panel.py" line="572" />
            <source>Counting words…</source>
            <translation>正在统计字数…</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_panel.py" line="576" />
            <source>The manuscript, as Export Project takes it: its {0} documents but the notes, unsaved words too</source>
            <translation>整部书稿，与“导出项目”所取相同：除笔记外的 {0} 篇文档，未保存的文字也计入</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_panel.py" line="588" />
            <source>1 word</source>
            <translation>1 字</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_panel.py" line="589" />
            <source>{0} words</source>
            <translation>{0} 字</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_panel.py" line="605" />
            <location filename="../../writer/ui/project_panel.py" line="628" />
            <source>Unsaved changes</source>
            <translation>有未保存的修改</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_panel.py" line="652" />
            <source>The project was closed.</source>
            <translation>项目已关闭。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_panel.py" line="654" />
            <source>Showing the first {0} of {1} documents.</source>
            <translation>共 {1} 个文档，只显示前 {0} 个。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_panel.py" line="659" />
            <source>Reading the project…</source>
            <translation>正在读取项目…</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_panel.py" line="661" />
            <source>No Markdown or text files in this folder yet.</source>
            <translation>这个文件夹里还没有 Markdown 或文本文件。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_panel.py" line="753" />
            <source>&amp;Open</source>
            <translation>打开(&amp;O)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_panel.py" line="755" />
            <source>Open in &amp;New Window</source>
            <translation>在新窗口中打开(&amp;N)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_panel.py" line="759" />
            <source>New &amp;Document…</source>
            <translation>新建文档(&amp;D)…</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_panel.py" line="761" />
            <source>&amp;Rename…</source>
            <translation>重命名(&amp;R)…</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_panel.py" line="765" />
            <source>Move to &amp;Trash</source>
            <translation>移到回收站(&amp;T)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_panel.py" line="814" />
            <source>The Project panel renames and moves documents to the trash, not folders: do that to {0} in your file manager.</source>
            <translation>项目面板只重命名文档或把文档移到回收站，不处理文件夹：请在文件管理器中对 {0} 这样做。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_panel.py" line="824" />
            <source>The notes file keeps its name: another name is set in Settings → Project.</source>
            <translation>笔记文件保留它的名字：要换名字，请在“设置 → 项目”中设置。</translation>
        </message>
    </context>
    <context>
        <name>ProjectReplace</name>
        <message>
            <location filename="../../writer/ui/project_replace.py" line="134" />
            <location filename="../../writer/ui/project_replace.py" line="186" />
            <source>Not replaced: {0}.</source>
            <translation>没有替换：{0}。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_replace.py" line="205" />
            <source>Replace 1 match in 1 document with “{0}”?</source>
            <translation>将 1 个文档中的 1 处匹配替换为“{0}”？</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_replace.py" line="207" />
            <source>Replace {0} matches in 1 document with “{1}”?</source>
            <translation>将 1 个文档中的 {0} 处匹配替换为“{1}”？</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_replace.py" line="210" />
            <source>Replace {0} matches in {1} documents with “{2}”?</source>
            <translation>将 {1} 个文档中的 {0} 处匹配替换为“{2}”？</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_replace.py" line="216" />
            <source>The document open in a window changes there, unsaved: Ctrl+Z in its window takes the replacement back.</source>
            <translation>已在窗口中打开的文档在窗口中修改，不会保存：在该窗口按 Ctrl+Z 即可撤销替换。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_replace.py" line="219" />
            <source>The {0} documents open in windows change there, unsaved: Ctrl+Z in each window takes its replacement back.</source>
            <translation>已在窗口中打开的 {0} 个文档在各自的窗口中修改，不会保存：在每个窗口按 Ctrl+Z 即可撤销其中的替换。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_replace.py" line="224" />
            <source>The document on disk is saved at once. Writer keeps no versions (Settings → Project), so it cannot be brought back.</source>
            <translation>磁盘上的文档会立即保存。Writer 不保留版本（设置 → 项目），所以它无法恢复。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_replace.py" line="227" />
            <source>The {0} documents on disk are saved at once. Writer keeps no versions (Settings → Project), so they cannot be brought back.</source>
            <translation>磁盘上的 {0} 个文档会立即保存。Writer 不保留版本（设置 → 项目），所以它们无法恢复。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_replace.py" line="233" />
            <source>The document on disk is saved at once; File → Local History keeps it as it was.</source>
            <translation>磁盘上的文档会立即保存；“文件 → 本地历史”保留它原来的样子。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_replace.py" line="236" />
            <source>The {0} documents on disk are saved at once; File → Local History keeps each as it was.</source>
            <translation>磁盘上的 {0} 个文档会立即保存；“文件 → 本地历史”保留每个文档原来的样子。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_replace.py" line="240" />
            <source>The replacement is empty: the matches are deleted.</source>
            <translation>替换内容为空：匹配的文字将被删除。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_replace.py" line="242" />
            <source>Preserve Case is on: each match's case is given to “{0}” (capitals, small letters, a capital first).</source>
            <translation>“保留大小写”已打开：“{0}”随每处匹配的大小写写出（全大写、全小写或首字母大写）。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_replace.py" line="246" />
            <source>1 document with matches cannot be changed; the summary names it.</source>
            <translation>有 1 个含匹配的文档无法修改；完成后的摘要会列出它。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_replace.py" line="248" />
            <source>{0} documents with matches cannot be changed; the summary names them.</source>
            <translation>有 {0} 个含匹配的文档无法修改；完成后的摘要会列出它们。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_replace.py" line="253" />
            <source>Replace in Project</source>
            <translation>在项目中替换</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_replace.py" line="257" />
            <source>Replace &amp;All</source>
            <translation>全部替换(&amp;A)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_replace.py" line="272" />
            <source>{0} is being rewritten or composed in its window.</source>
            <translation>{0} 正在其窗口中改写或由输入法输入。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_replace.py" line="282" />
            <source>{0} was closed before the replacement; it is left as it was.</source>
            <translation>{0} 在替换之前已关闭，保持原样。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_replace.py" line="325" />
            <source>No matches to replace.</source>
            <translation>没有可替换的匹配。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_replace.py" line="327" />
            <source>Nothing was replaced.</source>
            <translation>没有替换任何内容。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_replace.py" line="329" />
            <source>Replaced 1 match in 1 document with “{0}”.</source>
            <translation>已将 1 个文档中的 1 处匹配替换为“{0}”。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_replace.py" line="331" />
            <source>Replaced {0} matches in 1 document with “{1}”.</source>
            <translation>已将 1 个文档中的 {0} 处匹配替换为“{1}”。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_replace.py" line="334" />
            <source>Replaced {0} matches in {1} documents with “{2}”.</source>
            <translation>已将 {1} 个文档中的 {0} 处匹配替换为“{2}”。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_replace.py" line="340" />
            <source>1 document could not be changed: {0}</source>
            <translation>有 1 个文档无法修改：{0}</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_replace.py" line="342" />
            <source>{0} documents could not be changed: {1}</source>
            <translation>有 {0} 个文档无法修改：{1}</translation>
        </message>
    </context>
    <context>
        <name>ProjectSession</name>
        <message>
            <location filename="../../writer/ui/project_session.py" line="90" />
            <source>There is no folder {0}.</source>
            <translation>文件夹 {0} 不存在。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_session.py" line="92" />
            <source>{0} is a file, not a folder: open it with File → Open.</source>
            <translation>{0} 是文件而不是文件夹：请用“文件 → 打开”打开它。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_session.py" line="99" />
            <source>Writer cannot read the folder {0} ({1}).</source>
            <translation>Writer 无法读取文件夹 {0}（{1}）。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_session.py" line="481" />
            <source>Writer could not list the project's folder: {0}</source>
            <translation>Writer 无法列出项目文件夹的内容：{0}</translation>
        </message>
    </context>
    <context>
        <name>RecoveryDialog</name>
        <message>
            <location filename="../../writer/ui/recovery_dialog.py" line="35" />
            <source>Recover unsaved documents</source>
            <translation>恢复未保存的文档</translation>
        </message>
        <message>
            <location filename="../../writer/ui/recovery_dialog.py" line="44" />
            <source>The system ended Writer last time, but the disk refused its last changes to unsaved text. It left an unsaved document, without the changes refused.</source>
            <translation>上次系统结束了 Writer，但磁盘没能写下未保存文字的最后一些修改。它留下了一份未保存的文档，不含没能写下的修改。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/recovery_dialog.py" line="49" />
            <source>The system ended Writer last time, but the disk refused its last changes to unsaved text. It left {0} unsaved documents, without the changes refused.</source>
            <translation>上次系统结束了 Writer，但磁盘没能写下未保存文字的最后一些修改。它留下了 {0} 份未保存的文档，不含没能写下的修改。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/recovery_dialog.py" line="54" />
            <source>Writer did not close properly last time and left an unsaved document.</source>
            <translation>Writer 上次没有正常关闭，留下了一份未保存的文档。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/recovery_dialog.py" line="56" />
            <source>Writer did not close properly last time and left {0} unsaved documents.</source>
            <translation>Writer 上次没有正常关闭，留下了 {0} 份未保存的文档。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/recovery_dialog.py" line="60" />
            <source>Checked documents are restored; unchecked ones are discarded.</source>
            <translation>勾选的文档会被恢复，未勾选的将被丢弃。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/recovery_dialog.py" line="68" />
            <source>never saved</source>
            <translation>从未保存</translation>
        </message>
        <message>
            <location filename="../../writer/ui/recovery_dialog.py" line="70" />
            <source>{0}  —  {1}, last edited {2}</source>
            <translation>{0}  —  {1}，最后编辑于 {2}</translation>
        </message>
        <message>
            <location filename="../../writer/ui/recovery_dialog.py" line="79" />
            <source>Text of the selected document</source>
            <translation>所选文档的文字</translation>
        </message>
        <message>
            <location filename="../../writer/ui/recovery_dialog.py" line="84" />
            <location filename="../../writer/ui/recovery_dialog.py" line="163" />
            <source>&amp;Restore</source>
            <translation>恢复(&amp;R)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/recovery_dialog.py" line="87" />
            <source>Decide &amp;Later</source>
            <translation>以后再说(&amp;L)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/recovery_dialog.py" line="140" />
            <source>Discard unsaved documents?</source>
            <translation>丢弃未保存的文档？</translation>
        </message>
        <message>
            <location filename="../../writer/ui/recovery_dialog.py" line="142" />
            <source>Discard the unchecked document? Its text cannot be brought back.</source>
            <translation>丢弃未勾选的文档吗？它的文字将无法找回。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/recovery_dialog.py" line="145" />
            <source>Discard {0} unchecked documents? Their text cannot be brought back.</source>
            <translation>丢弃 {0} 份未勾选的文档吗？它们的文字将无法找回。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/recovery_dialog.py" line="148" />
            <source>&amp;Discard</source>
            <translation>丢弃(&amp;D)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/recovery_dialog.py" line="149" />
            <source>&amp;Go Back</source>
            <translation>返回(&amp;G)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/recovery_dialog.py" line="165" />
            <source>&amp;Discard All</source>
            <translation>全部丢弃(&amp;D)</translation>
        </message>
    </context>
    <context>
        <name>RewritePalette</name>
        <message>
            <location filename="../../writer/ui/rewrite.py" line="85" />
            <source>Rewrite how? Type to filter or to say, e.g. as a haiku</source>
            <translation>怎么改写？输入以筛选或直接说明，例如“写成俳句”</translation>
        </message>
        <message>
            <location filename="../../writer/ui/rewrite.py" line="121" />
            <source>Rewrite: “{0}”</source>
            <translation>改写：“{0}”</translation>
        </message>
    </context>
    <context>
        <name>RewriteSession</name>
        <message>
            <location filename="../../writer/assist/rewrite.py" line="122" />
            <source>Select the text to rewrite, or put the cursor in a sentence.</source>
            <translation>请选中要改写的文字，或把光标放在一个句子里。</translation>
        </message>
        <message>
            <location filename="../../writer/assist/rewrite.py" line="124" />
            <source>Accept or reject the current rewrite first.</source>
            <translation>请先接受或拒绝当前的改写。</translation>
        </message>
        <message>
            <location filename="../../writer/assist/rewrite.py" line="126" />
            <source>No model is loaded: rewriting needs one.</source>
            <translation>没有加载模型：改写需要模型。</translation>
        </message>
        <message>
            <location filename="../../writer/assist/rewrite.py" line="174" />
            <source>This model writes English only: a translation into {0} comes back in English or broken. Model → Manage Models has others.</source>
            <translation>当前模型只会写英文：译成{0}的结果会是英文或不通顺的文字。“模型 → 管理模型”里有其他模型。</translation>
        </message>
        <message>
            <location filename="../../writer/assist/rewrite.py" line="179" />
            <source>This model was not trained on {0}: a translation into it comes back broken or in another language. Model → Manage Models has others.</source>
            <translation>当前模型没有用{0}训练过：译文会不通顺或是别的语言。“模型 → 管理模型”里有其他模型。</translation>
        </message>
        <message>
            <location filename="../../writer/assist/rewrite.py" line="284" />
            <source>Retry gave the same text {0} times. Try another preset or say what to change.</source>
            <translation>“重试”连续 {0} 次得到相同的文字。请换一个预设，或说明要怎样改。</translation>
        </message>
        <message>
            <location filename="../../writer/assist/rewrite.py" line="291" />
            <source>Retry gave advice instead of a rewrite {0} times. Try another preset or say what to change.</source>
            <translation>“重试”连续 {0} 次得到的都是建议而不是改写。请换一个预设，或说明要怎样改。</translation>
        </message>
        <message>
            <location filename="../../writer/assist/rewrite.py" line="504" />
            <source>Rewriting: {0}…</source>
            <translation>正在改写：{0}…</translation>
        </message>
        <message>
            <location filename="../../writer/assist/rewrite.py" line="505" />
            <source>{0}: stopped. Enter or Tab accepts what came, Esc rejects.</source>
            <translation>{0}：已停止。回车或 Tab 接受已生成的内容，Esc 拒绝。</translation>
        </message>
        <message>
            <location filename="../../writer/assist/rewrite.py" line="508" />
            <source>{0}: stopped before any text came. Retry asks again, Esc closes.</source>
            <translation>{0}：在写出任何文字之前已停止。“重试”再请求一次，Esc 关闭。</translation>
        </message>
        <message>
            <location filename="../../writer/assist/rewrite.py" line="511" />
            <source>{0}: the model returned nothing. Retry, or Esc to close.</source>
            <translation>{0}：模型没有返回内容。可以重试，或按 Esc 关闭。</translation>
        </message>
        <message>
            <location filename="../../writer/assist/rewrite.py" line="514" />
            <source>{0}: cut off at the length limit (it ran on). Enter or Tab accepts what came, Retry asks again, Esc restores the original.</source>
            <translation>{0}：已在长度上限处截断。回车或 Tab 接受已生成的内容，重试会再问一次，Esc 恢复原文。</translation>
        </message>
        <message>
            <location filename="../../writer/assist/rewrite.py" line="518" />
            <source>{0}: done. Enter or Tab accepts, Esc restores the original.</source>
            <translation>{0}：完成。回车或 Tab 接受，Esc 恢复原文。</translation>
        </message>
        <message>
            <location filename="../../writer/assist/rewrite.py" line="521" />
            <source>{0}: cut where it began copying the notes or the text around. Enter or Tab accepts what came, Retry asks again, Esc restores the original.</source>
            <translation>{0}：模型开始照抄笔记或上下文，已在该处截断。回车或 Tab 接受之前的文字，“重试”再请求一次，Esc 恢复原文。</translation>
        </message>
        <message>
            <location filename="../../writer/assist/rewrite.py" line="525" />
            <source>{0}: the model only copied the notes or the text around. Retry asks again, Esc closes.</source>
            <translation>{0}：模型只照抄了笔记或上下文。“重试”再请求一次，Esc 关闭。</translation>
        </message>
        <message>
            <location filename="../../writer/assist/rewrite.py" line="529" />
            <source>{0}: the answer broke off (the status bar says why). Enter or Tab accepts what came, Retry asks again, Esc restores the original.</source>
            <translation>{0}：回答中途中断（原因见状态栏）。回车或 Tab 接受已生成的内容，“重试”再请求一次，Esc 恢复原文。</translation>
        </message>
        <message>
            <location filename="../../writer/assist/rewrite.py" line="533" />
            <source>{0}: this reads as advice about the passage, not a rewrite of it. Retry asks again, Enter or Tab accepts it as it is, Esc restores the original.</source>
            <translation>{0}：这像是对这段文字的建议，而不是改写。“重试”再要一次，回车或 Tab 照原样接受，Esc 恢复原文。</translation>
        </message>
        <message>
            <location filename="../../writer/assist/rewrite.py" line="537" />
            <source>{0}: this reads as advice about the passage, not a rewrite of it, and was cut where it began copying the notes or the text around. Retry asks again, Enter or Tab accepts what came, Esc restores the original.</source>
            <translation>{0}：这像是对这段文字的建议，而不是改写；模型又开始照抄笔记或上下文，已在该处截断。“重试”再要一次，回车或 Tab 接受之前的文字，Esc 恢复原文。</translation>
        </message>
        <message>
            <location filename="../../writer/assist/rewrite.py" line="542" />
            <source>{0}: the model returned the passage unchanged. Retry asks for a different version, Esc closes.</source>
            <translation>{0}：模型原样返回了这段文字。“重试”会换一个不同的版本，Esc 关闭。</translation>
        </message>
        <message>
            <location filename="../../writer/assist/rewrite.py" line="553" />
            <source>{0} ({1} / {2})</source>
            <translation>{0}（{1} / {2}）</translation>
        </message>
        <message>
            <location filename="../../writer/assist/rewrite.py" line="570" />
            <source>The rewrite was dropped: its original text was edited.</source>
            <translation>改写已放弃：原文已被修改。</translation>
        </message>
    </context>
    <context>
        <name>SearchSwitches</name>
        <message>
            <location filename="../../writer/ui/switches.py" line="27" />
            <source>This regular expression is not searched: {0}.</source>
            <translation>没有用这个正则表达式搜索：{0}。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/switches.py" line="31" />
            <source>This regular expression does not compile: {0}.</source>
            <translation>这个正则表达式无效：{0}。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/switches.py" line="39" />
            <source>The replacement does not work with this expression: {0}.</source>
            <translation>替换内容与这个正则表达式不相容：{0}。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/switches.py" line="93" />
            <source>Match Case</source>
            <translation>区分大小写</translation>
        </message>
        <message>
            <location filename="../../writer/ui/switches.py" line="94" />
            <source>Whole Word</source>
            <translation>全字匹配</translation>
        </message>
        <message>
            <location filename="../../writer/ui/switches.py" line="95" />
            <source>Regular Expression</source>
            <translation>正则表达式</translation>
        </message>
        <message>
            <location filename="../../writer/ui/switches.py" line="99" />
            <source>Preserve Case</source>
            <translation>保留大小写</translation>
        </message>
        <message>
            <location filename="../../writer/ui/switches.py" line="101" />
            <source>{0} (Alt+P): RUTH becomes HANNAH, ruth hannah, Ruth Hannah</source>
            <translation>{0}（Alt+P）：RUTH 换成 HANNAH，ruth 换成 hannah，Ruth 换成 Hannah</translation>
        </message>
    </context>
    <context>
        <name>SearchTab</name>
        <message>
            <location filename="../../writer/ui/models_search.py" line="92" />
            <source>Search GGUF models on the Hugging Face Hub, e.g. llama 3.2</source>
            <translation>在 Hugging Face Hub 上搜索 GGUF 模型，例如 llama 3.2</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_search.py" line="94" />
            <source>Search the Hub</source>
            <translation>在 Hub 中搜索</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_search.py" line="98" />
            <source>&amp;Search</source>
            <translation>搜索(&amp;S)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_search.py" line="100" />
            <source>St&amp;op</source>
            <translation>停止(&amp;O)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_search.py" line="101" />
            <source>Stop the search (Esc)</source>
            <translation>停止搜索 (Esc)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_search.py" line="104" />
            <source>Repository</source>
            <translation>仓库</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_search.py" line="104" />
            <source>Downloads</source>
            <translation>下载量</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_search.py" line="104" />
            <source>Likes</source>
            <translation>点赞</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_search.py" line="105" />
            <source>Models found</source>
            <translation>找到的模型</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_search.py" line="108" />
            <source>Quantisation</source>
            <translation>量化</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_search.py" line="108" />
            <source>Size</source>
            <translation>大小</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_search.py" line="108" />
            <source>Memory</source>
            <translation>内存</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_search.py" line="108" />
            <source>File</source>
            <translation>文件</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_search.py" line="112" />
            <source>Files of the chosen model</source>
            <translation>所选模型的文件</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_search.py" line="114" />
            <source>Searching contacts the Hub; nothing else in Writer does.</source>
            <translation>搜索会连接 Hub；Writer 的其他功能都不联网。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_search.py" line="117" />
            <source>Checking the models on this computer…</source>
            <translation>正在检查这台电脑上的模型…</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_search.py" line="119" />
            <location filename="../../writer/ui/models_search.py" line="453" />
            <source>&amp;Download</source>
            <translation>下载(&amp;D)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_search.py" line="166" />
            <source>Searching the Hub for “{0}”…</source>
            <translation>正在 Hub 中搜索“{0}”…</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_search.py" line="183" />
            <source>Search stopped.</source>
            <translation>搜索已停止。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_search.py" line="208" />
            <source>(gated)</source>
            <translation>（受限）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_search.py" line="213" />
            <source>No GGUF models match. Try fewer or other words.</source>
            <translation>没有匹配的 GGUF 模型。请尝试更少或其他的关键词。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_search.py" line="219" />
            <source>One repository found; its files are listed below.</source>
            <translation>找到一个仓库；它的文件列在下面。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_search.py" line="221" />
            <source>{0} repositories found. Choose one to see its files.</source>
            <translation>找到 {0} 个仓库。选择一个查看其文件。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_search.py" line="236" />
            <source>Listing the files of {0}…</source>
            <translation>正在列出 {0} 的文件…</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_search.py" line="257" />
            <source>(+{0} parts)</source>
            <translation>（另有 {0} 个分卷）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_search.py" line="266" />
            <source>{0} has no GGUF files.</source>
            <translation>{0} 没有 GGUF 文件。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_search.py" line="269" />
            <source>{0}: one quantisation.</source>
            <translation>{0}：一种量化版本。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_search.py" line="271" />
            <source>{0}: {1} quantisations. Smaller files load faster and need less memory; larger ones write better.</source>
            <translation>{0}：{1} 种量化。文件越小，加载越快、占用内存越少；文件越大，写得越好。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_search.py" line="277" />
            <source>It is gated: you need to accept its terms on the Hub and log in.</source>
            <translation>这是受限仓库：需要在 Hub 上接受其条款并登录。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_search.py" line="375" />
            <source>(installed)</source>
            <translation>（已安装）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_search.py" line="377" />
            <source>(already on this computer as {0})</source>
            <translation>（本机已有，即 {0}）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_search.py" line="379" />
            <source>(downloading)</source>
            <translation>（下载中）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_search.py" line="380" />
            <source>(queued)</source>
            <translation>（排队中）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_search.py" line="412" />
            <source>no model</source>
            <translation>不是模型</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_search.py" line="443" />
            <source>(From the file's header.)</source>
            <translation>（来自文件头。）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/models_search.py" line="453" />
            <source>Add to &amp;Queue</source>
            <translation>加入队列(&amp;Q)</translation>
        </message>
    </context>
    <context>
        <name>Sentences</name>
        <message>
            <location filename="../../writer/app.py" line="181" />
            <source>{0} The model on this computer writes meanwhile.</source>
            <translation>{0} 在此期间由本机的模型续写。</translation>
        </message>
        <message>
            <location filename="../../writer/app.py" line="196" />
            <location filename="../../writer/models/store.py" line="171" />
            <source>{0} is no longer on this computer: it was deleted or moved.</source>
            <translation>{0} 已不在这台电脑上：它已被删除或移走。</translation>
        </message>
        <message>
            <location filename="../../writer/app.py" line="199" />
            <location filename="../../writer/app.py" line="273" />
            <source>{0} The starter model writes until you choose another (Model → Manage Models).</source>
            <translation>{0} 在你选择其他模型之前，由入门模型续写（模型 → 管理模型）。</translation>
        </message>
        <message>
            <location filename="../../writer/app.py" line="206" />
            <source>The starter model is not installed: download it, or another model, in Model → Manage Models.</source>
            <translation>入门模型未安装：请在“模型 → 管理模型”中下载它或其他模型。</translation>
        </message>
        <message>
            <location filename="../../writer/app.py" line="295" />
            <source>{0} Writer asks it again by itself.</source>
            <translation>{0} Writer 会自动再次尝试连接。</translation>
        </message>
        <message>
            <location filename="../../writer/app.py" line="338" />
            <source>Writer reached the server at {0}.</source>
            <translation>Writer 已重新连上服务器 {0}。</translation>
        </message>
        <message>
            <location filename="../../writer/app.py" line="471" />
            <source>No unsaved documents are waiting to be recovered.</source>
            <translation>没有等待恢复的未保存文档。</translation>
        </message>
        <message>
            <location filename="../../writer/documents/atomic.py" line="20" />
            <source>Your text is still open in Writer and kept in its recovery journal</source>
            <translation>你的文字仍在 Writer 中打开，并已保存在恢复日志中</translation>
        </message>
        <message>
            <location filename="../../writer/documents/atomic.py" line="23" />
            <location filename="../../writer/documents/journal.py" line="788" />
            <location filename="../../writer/project/files.py" line="369" />
            <source>the disk is full</source>
            <translation>磁盘已满</translation>
        </message>
        <message>
            <location filename="../../writer/documents/atomic.py" line="23" />
            <location filename="../../writer/documents/atomic.py" line="24" />
            <source>free some space or save elsewhere</source>
            <translation>请腾出一些空间，或保存到别处</translation>
        </message>
        <message>
            <location filename="../../writer/documents/atomic.py" line="24" />
            <source>your disk quota is used up</source>
            <translation>你的磁盘配额已用完</translation>
        </message>
        <message>
            <location filename="../../writer/documents/atomic.py" line="25" />
            <location filename="../../writer/project/files.py" line="371" />
            <source>the disk is read-only</source>
            <translation>磁盘为只读</translation>
        </message>
        <message>
            <location filename="../../writer/documents/atomic.py" line="25" />
            <location filename="../../writer/documents/atomic.py" line="31" />
            <location filename="../../writer/documents/atomic.py" line="204" />
            <source>save it elsewhere</source>
            <translation>请保存到别处</translation>
        </message>
        <message>
            <location filename="../../writer/documents/atomic.py" line="27" />
            <source>there is a folder with that name in its place</source>
            <translation>该位置已有一个同名文件夹</translation>
        </message>
        <message>
            <location filename="../../writer/documents/atomic.py" line="28" />
            <source>save it under another name</source>
            <translation>请用其他名称保存</translation>
        </message>
        <message>
            <location filename="../../writer/documents/atomic.py" line="30" />
            <location filename="../../writer/project/files.py" line="373" />
            <source>the file name is too long</source>
            <translation>文件名太长</translation>
        </message>
        <message>
            <location filename="../../writer/documents/atomic.py" line="30" />
            <source>save it under a shorter name</source>
            <translation>请用更短的名称保存</translation>
        </message>
        <message>
            <location filename="../../writer/documents/atomic.py" line="31" />
            <source>the disk reported a read or write error</source>
            <translation>磁盘报告了读写错误</translation>
        </message>
        <message>
            <location filename="../../writer/documents/atomic.py" line="61" />
            <source>Could not save {0}: the file is read-only. {1}; save it under another name or in another folder.</source>
            <translation>无法保存 {0}：文件为只读。{1}；请用其他名称保存，或保存到其他文件夹。</translation>
        </message>
        <message>
            <location filename="../../writer/documents/atomic.py" line="185" />
            <source>“{0}” on its way is a file, not a folder</source>
            <translation>路径中的“{0}”是文件而不是文件夹</translation>
        </message>
        <message>
            <location filename="../../writer/documents/atomic.py" line="190" />
            <source>the folder “{0}” on its way does not exist</source>
            <translation>路径上的文件夹“{0}”不存在</translation>
        </message>
        <message>
            <location filename="../../writer/documents/atomic.py" line="191" />
            <source>its folder “{0}” does not exist</source>
            <translation>它所在的文件夹“{0}”不存在</translation>
        </message>
        <message>
            <location filename="../../writer/documents/atomic.py" line="199" />
            <source>Writer is not allowed to write in the folder “{0}”</source>
            <translation>Writer 无权写入文件夹“{0}”</translation>
        </message>
        <message>
            <location filename="../../writer/documents/atomic.py" line="201" />
            <source>Writer is not allowed to change this file (it is protected)</source>
            <translation>Writer 无权修改此文件（文件受保护）</translation>
        </message>
        <message>
            <location filename="../../writer/documents/atomic.py" line="202" />
            <source>save it under another name or in another folder</source>
            <translation>请用其他名称保存，或保存到其他文件夹</translation>
        </message>
        <message>
            <location filename="../../writer/documents/atomic.py" line="208" />
            <source>an unknown error</source>
            <translation>未知错误</translation>
        </message>
        <message>
            <location filename="../../writer/documents/atomic.py" line="209" />
            <location filename="../../writer/project/files.py" line="374" />
            <location filename="../../writer/ui/export.py" line="615" />
            <source>the system reported “{0}”</source>
            <translation>系统报告“{0}”</translation>
        </message>
        <message>
            <location filename="../../writer/documents/atomic.py" line="210" />
            <source>try again or save elsewhere</source>
            <translation>请重试，或保存到别处</translation>
        </message>
        <message>
            <location filename="../../writer/documents/atomic.py" line="212" />
            <source>Could not save {0}: {1}. {2}; {3}.</source>
            <translation>无法保存 {0}：{1}。{2}；{3}。</translation>
        </message>
        <message>
            <location filename="../../writer/documents/history.py" line="107" />
            <source>This version's copy is no longer there.</source>
            <translation>这个版本的副本已经不在了。</translation>
        </message>
        <message>
            <location filename="../../writer/documents/history.py" line="110" />
            <source>This version's copy cannot be read ({0}).</source>
            <translation>无法读取这个版本的副本（{0}）。</translation>
        </message>
        <message>
            <location filename="../../writer/documents/history.py" line="113" />
            <source>This version's copy is damaged: it is not what was saved.</source>
            <translation>这个版本的副本已损坏：与当时保存的内容不同。</translation>
        </message>
        <message>
            <location filename="../../writer/documents/history.py" line="202" />
            <source>The list of this document's earlier versions is too large.</source>
            <translation>这个文档的历史版本列表太大。</translation>
        </message>
        <message>
            <location filename="../../writer/documents/history.py" line="208" />
            <source>The list of this document's earlier versions cannot be read ({0}).</source>
            <translation>无法读取这个文档的历史版本列表（{0}）。</translation>
        </message>
        <message>
            <location filename="../../writer/documents/hunspell.py" line="381" />
            <location filename="../../writer/documents/hunspell.py" line="508" />
            <source>The dictionary {0} cannot be used: {1} is too large.</source>
            <translation>词典 {0} 无法使用：{1} 太大。</translation>
        </message>
        <message>
            <location filename="../../writer/documents/hunspell.py" line="386" />
            <source>The dictionary {0} cannot be read: {1}.</source>
            <translation>无法读取词典 {0}：{1}。</translation>
        </message>
        <message>
            <location filename="../../writer/documents/hunspell.py" line="413" />
            <location filename="../../writer/documents/hunspell.py" line="425" />
            <source>The dictionary {0} cannot be used: its encoding {1} is unknown.</source>
            <translation>词典 {0} 无法使用：不认识它的编码 {1}。</translation>
        </message>
        <message>
            <location filename="../../writer/documents/hunspell.py" line="468" />
            <source>The dictionary {0} cannot be used: it holds no words.</source>
            <translation>词典 {0} 无法使用：其中没有词。</translation>
        </message>
        <message>
            <location filename="../../writer/documents/journal.py" line="315" />
            <source>Writer could not look for unsaved documents from last time ({0}).</source>
            <translation>Writer 无法查找上次未保存的文档（{0}）。</translation>
        </message>
        <message>
            <location filename="../../writer/documents/journal.py" line="441" />
            <source>Writer could not read unsaved documents from an earlier session ({0}).</source>
            <translation>Writer 无法读取之前会话中未保存的文档（{0}）。</translation>
        </message>
        <message>
            <location filename="../../writer/documents/journal.py" line="450" />
            <source>When Writer was last ended, the disk refused the last changes to unsaved text: what it had kept from before them is offered.</source>
            <translation>上次 Writer 被结束时，磁盘没能写下未保存文字的最后一些修改：现在提供的是它在那之前留下的文字。</translation>
        </message>
        <message>
            <location filename="../../writer/documents/journal.py" line="764" />
            <source>An unsaved document from {0} could not be restored: {1}. It was skipped.</source>
            <translation>{0} 的一份未保存文档无法恢复：{1}。已跳过该文档。</translation>
        </message>
        <message>
            <location filename="../../writer/documents/journal.py" line="767" />
            <source>An unsaved document from {0} could not be restored: {1}. It was skipped and kept as {2}.</source>
            <translation>{0} 的一份未保存文档无法恢复：{1}。已跳过该文档，并将它保留为 {2}。</translation>
        </message>
        <message>
            <location filename="../../writer/documents/journal.py" line="790" />
            <source>its folder is read-only</source>
            <translation>恢复日志所在的文件夹是只读的</translation>
        </message>
        <message>
            <location filename="../../writer/documents/journal.py" line="793" />
            <source>Writer could not keep a recovery copy of your documents ({0}); they are still open, but save them to keep them safe.</source>
            <translation>Writer 无法为你的文档保留恢复副本（{0}）；文档仍然打开着，但请保存它们以免丢失。</translation>
        </message>
        <message>
            <location filename="../../writer/documents/spelling.py" line="274" />
            <location filename="../../writer/documents/tally.py" line="236" />
            <source>the file is too large</source>
            <translation>文件过大</translation>
        </message>
        <message>
            <location filename="../../writer/documents/spelling.py" line="283" />
            <location filename="../../writer/documents/tally.py" line="237" />
            <source>the file is damaged</source>
            <translation>文件已损坏</translation>
        </message>
        <message>
            <location filename="../../writer/documents/spelling.py" line="306" />
            <source>Writer could not read all of your personal dictionary ({0}: {1}); it keeps the words it could read, and the file as it was as {2}.</source>
            <translation>Writer 未能读出你的个人词典的全部内容（{0}：{1}）；能读出的词已保留，原文件另存为 {2}。</translation>
        </message>
        <message>
            <location filename="../../writer/documents/spelling.py" line="313" />
            <source>Writer could not read all of your personal dictionary ({0}: {1}); it keeps the words it could read.</source>
            <translation>Writer 未能读出你的个人词典的全部内容（{0}：{1}）；能读出的词已保留。</translation>
        </message>
        <message>
            <location filename="../../writer/documents/tally.py" line="166" />
            <source>Writer could not read its record of the words you wrote each day ({0}: {1}); it counts again from now, and keeps the file as {2}.</source>
            <translation>Writer 无法读取它记录的每日写作字数（{0}：{1}）；从现在起重新计数，原文件保留为 {2}。</translation>
        </message>
        <message>
            <location filename="../../writer/documents/tally.py" line="171" />
            <source>Writer could not read its record of the words you wrote each day ({0}: {1}); it counts again from now.</source>
            <translation>Writer 无法读取每天写作字数的记录（{0}：{1}），从现在起重新计数。</translation>
        </message>
        <message>
            <location filename="../../writer/documents/tally.py" line="195" />
            <source>Part of Writer's record of the words you wrote each day ({0}) was damaged and is left out; the file as it was is kept as {1}.</source>
            <translation>Writer 记录的每日写作字数（{0}）有一部分已损坏，已略去；原文件保留为 {1}。</translation>
        </message>
        <message>
            <location filename="../../writer/documents/tally.py" line="199" />
            <source>Part of Writer's record of the words you wrote each day ({0}) was damaged and is left out.</source>
            <translation>Writer 每天写作字数的记录（{0}）有一部分已损坏，已略去。</translation>
        </message>
        <message>
            <location filename="../../writer/documents/textfile.py" line="34" />
            <source>Writer opens plain text and Markdown</source>
            <translation>Writer 能打开纯文本和 Markdown 文件</translation>
        </message>
        <message>
            <location filename="../../writer/documents/textfile.py" line="200" />
            <location filename="../../writer/documents/textfile.py" line="817" />
            <source>Could not open {0}: the folder {1} does not exist.</source>
            <translation>无法打开 {0}：文件夹 {1} 不存在。</translation>
        </message>
        <message>
            <location filename="../../writer/documents/textfile.py" line="203" />
            <source>Could not open {0}: there is no such file (it may have been moved, renamed or deleted).</source>
            <translation>无法打开 {0}：文件不存在（可能已被移动、重命名或删除）。</translation>
        </message>
        <message>
            <location filename="../../writer/documents/textfile.py" line="213" />
            <location filename="../../writer/documents/textfile.py" line="812" />
            <source>Could not open {0}: it is a folder, not a file.</source>
            <translation>无法打开 {0}：它是文件夹，而不是文件。</translation>
        </message>
        <message>
            <location filename="../../writer/documents/textfile.py" line="216" />
            <source>Could not open {0}: it is not an ordinary file (it is a device or a pipe).</source>
            <translation>无法打开 {0}：它不是普通文件（而是设备或管道）。</translation>
        </message>
        <message>
            <location filename="../../writer/documents/textfile.py" line="223" />
            <source>Could not open {0}: it is {1:.0f} MB, and Writer opens files up to {2} MB.</source>
            <translation>无法打开 {0}：文件大小为 {1:.0f} MB，而 Writer 只能打开不超过 {2} MB 的文件。</translation>
        </message>
        <message>
            <location filename="../../writer/documents/textfile.py" line="238" />
            <source>Could not open {0}: it is larger than {1} MB.</source>
            <translation>无法打开 {0}：文件超过 {1} MB。</translation>
        </message>
        <message>
            <location filename="../../writer/documents/textfile.py" line="624" />
            <source>{0} is not a text file (it contains binary data); {1}.</source>
            <translation>{0} 不是文本文件（其中含有二进制数据）；{1}。</translation>
        </message>
        <message>
            <location filename="../../writer/documents/textfile.py" line="633" />
            <source>{0} is UTF-8 text with damaged bytes (the first is byte {1}, of {2}). Writer does not open it, so that no save writes over them: mend it in another program first.</source>
            <translation>{0} 是含有损坏字节的 UTF-8 文本（第一个损坏的是第 {1} 个字节，共 {2} 个字节）。为了不让保存覆盖这些字节，Writer 不打开它：请先用别的程序修复。</translation>
        </message>
        <message>
            <location filename="../../writer/documents/textfile.py" line="643" />
            <source>{0} cannot be read as {1}: its byte {2} means nothing in {1}. Try another encoding.</source>
            <translation>无法按 {1} 读取 {0}：第 {2} 个字节在 {1} 中没有意义。请换一种编码。</translation>
        </message>
        <message>
            <location filename="../../writer/documents/textfile.py" line="685" />
            <source>The text contains a broken character at position {0} that cannot be saved; delete it and save again.</source>
            <translation>文本在位置 {0} 处有一个损坏的字符，无法保存；请删除它后重新保存。</translation>
        </message>
        <message>
            <location filename="../../writer/documents/textfile.py" line="698" />
            <source>{0} has no character “{1}” (line {2}), so the text cannot be saved in it; save it in UTF-8, which holds every character.</source>
            <translation>{0} 中没有字符“{1}”（第 {2} 行），无法用它保存这段文字；请改用能容纳所有字符的 UTF-8 保存。</translation>
        </message>
        <message>
            <location filename="../../writer/documents/textfile.py" line="809" />
            <source>Could not open {0}: you do not have permission to read it.</source>
            <translation>无法打开 {0}：你没有读取它的权限。</translation>
        </message>
        <message>
            <location filename="../../writer/documents/textfile.py" line="819" />
            <source>Could not open {0}: there is no such file.</source>
            <translation>无法打开 {0}：文件不存在。</translation>
        </message>
        <message>
            <location filename="../../writer/documents/textfile.py" line="821" />
            <source>Could not open {0}: the system reported “{1}”.</source>
            <translation>无法打开 {0}：系统报告“{1}”。</translation>
        </message>
        <message>
            <location filename="../../writer/downloads.py" line="176" />
            <source>These downloads were waiting when Writer quit; Start continues them.</source>
            <translation>Writer 退出时这些下载还在排队；点“开始”继续下载。</translation>
        </message>
        <message>
            <location filename="../../writer/downloads.py" line="210" />
            <source>{0} is already downloading.</source>
            <translation>{0} 已经在下载了。</translation>
        </message>
        <message>
            <location filename="../../writer/downloads.py" line="212" />
            <source>{0} is already in the download queue.</source>
            <translation>{0} 已经在下载队列中了。</translation>
        </message>
        <message>
            <location filename="../../writer/downloads.py" line="397" />
            <source>The download of {0} was cancelled.</source>
            <translation>{0} 的下载已取消。</translation>
        </message>
        <message>
            <location filename="../../writer/downloads.py" line="400" />
            <source>{0} had arrived whole and checked when the cancel came, so it is kept ({1}).</source>
            <translation>取消时{0}已完整下载并通过校验，因此予以保留（{1}）。</translation>
        </message>
        <message>
            <location filename="../../writer/downloads.py" line="447" />
            <source>{0} arrived, but Writer cannot run it: {1} It stays in the Hugging Face cache; Delete under Installed removes it.</source>
            <translation>{0} 已下载，但 Writer 无法运行它：{1} 它留在 Hugging Face 缓存中；在“已安装”中删除即可移除。</translation>
        </message>
        <message>
            <location filename="../../writer/engine/engine.py" line="133" />
            <source>GPU ({0}/{1} layers)</source>
            <translation>GPU（{0}/{1} 层）</translation>
        </message>
        <message>
            <location filename="../../writer/engine/engine.py" line="222" />
            <location filename="../../writer/engine/engine.py" line="244" />
            <source>with {0} GPU layers: {1}</source>
            <translation>使用 {0} 个 GPU 层时：{1}</translation>
        </message>
        <message>
            <location filename="../../writer/engine/engine.py" line="263" />
            <source>{0} cannot be used: {1}</source>
            <translation>{0} 无法使用：{1}</translation>
        </message>
        <message>
            <location filename="../../writer/engine/gguf_header.py" line="126" />
            <source>The file ends early (in {0}): it is incomplete or damaged. If it was downloaded, download it again.</source>
            <translation>文件提前结束（在 {0} 处）：文件不完整或已损坏。如果它是下载的，请重新下载。</translation>
        </message>
        <message>
            <location filename="../../writer/engine/gguf_header.py" line="137" />
            <source>The file could not be read completely.</source>
            <translation>无法完整读取文件。</translation>
        </message>
        <message>
            <location filename="../../writer/engine/gguf_header.py" line="162" />
            <location filename="../../writer/engine/gguf_header.py" line="185" />
            <source>The file claims {0} of {1:,} bytes: it is damaged.</source>
            <translation>文件声称 {0} 长达 {1:,} 字节：文件已损坏。</translation>
        </message>
        <message>
            <location filename="../../writer/engine/gguf_header.py" line="198" />
            <location filename="../../writer/engine/gguf_header.py" line="200" />
            <source>the value of {0}</source>
            <translation>{0} 的值</translation>
        </message>
        <message>
            <location filename="../../writer/engine/gguf_header.py" line="202" />
            <source>The metadata entry {0!r} has an unknown type ({1}).</source>
            <translation>元数据项 {0!r} 的类型未知（{1}）。</translation>
        </message>
        <message>
            <location filename="../../writer/engine/gguf_header.py" line="221" />
            <source>{0} is not a GGUF model file. Writer runs models in the GGUF format (files ending in .gguf, as published for llama.cpp).</source>
            <translation>{0} 不是 GGUF 模型文件。Writer 运行 GGUF 格式的模型（即为 llama.cpp 发布的、以 .gguf 结尾的文件）。</translation>
        </message>
        <message>
            <location filename="../../writer/engine/gguf_header.py" line="229" />
            <source>{0} uses GGUF version {1}, which this Writer cannot read (it reads versions {2}).</source>
            <translation>{0} 使用 GGUF 版本 {1}，当前版本的 Writer 无法读取（它能读取的版本为 {2}）。</translation>
        </message>
        <message>
            <location filename="../../writer/engine/gguf_header.py" line="245" />
            <location filename="../../writer/engine/probe.py" line="135" />
            <source>{0}: {1}</source>
            <translation>{0}：{1}</translation>
        </message>
        <message>
            <location filename="../../writer/engine/gguf_header.py" line="253" />
            <source>There is no model file at {0}.</source>
            <translation>在 {0} 找不到模型文件。</translation>
        </message>
        <message>
            <location filename="../../writer/engine/gguf_header.py" line="255" />
            <source>{0} is a folder, not a model file.</source>
            <translation>{0} 是文件夹，而不是模型文件。</translation>
        </message>
        <message>
            <location filename="../../writer/engine/gguf_header.py" line="258" />
            <source>The model file {0} cannot be read: {1}.</source>
            <translation>无法读取模型文件 {0}：{1}。</translation>
        </message>
        <message>
            <location filename="../../writer/engine/gguf_header.py" line="263" />
            <source>{0} is empty (0 bytes): the download did not finish.</source>
            <translation>{0} 是空文件（0 字节）：下载没有完成。</translation>
        </message>
        <message>
            <location filename="../../writer/engine/gguf_header.py" line="270" />
            <source>the format version</source>
            <translation>格式版本号</translation>
        </message>
        <message>
            <location filename="../../writer/engine/gguf_header.py" line="273" />
            <source>the tensor count</source>
            <translation>张量数</translation>
        </message>
        <message>
            <location filename="../../writer/engine/gguf_header.py" line="274" />
            <source>the metadata count</source>
            <translation>元数据条目数</translation>
        </message>
        <message>
            <location filename="../../writer/engine/gguf_header.py" line="277" />
            <source>{0} claims {1:,} tensors and {2:,} metadata entries: the file is damaged.</source>
            <translation>{0} 声称有 {1:,} 个张量和 {2:,} 个元数据项：文件已损坏。</translation>
        </message>
        <message>
            <location filename="../../writer/engine/gguf_header.py" line="287" />
            <source>a metadata key</source>
            <translation>一个元数据键</translation>
        </message>
        <message>
            <location filename="../../writer/engine/gguf_header.py" line="288" />
            <source>the type of {0}</source>
            <translation>{0} 的类型</translation>
        </message>
        <message>
            <location filename="../../writer/engine/gguf_header.py" line="290" />
            <source>the item type of {0}</source>
            <translation>{0} 的元素类型</translation>
        </message>
        <message>
            <location filename="../../writer/engine/gguf_header.py" line="291" />
            <source>the length of {0}</source>
            <translation>{0} 的长度</translation>
        </message>
        <message>
            <location filename="../../writer/engine/gguf_header.py" line="297" />
            <location filename="../../writer/engine/gguf_header.py" line="306" />
            <source>The file ends early (in {0}): it is damaged.</source>
            <translation>文件提前结束（在 {0} 处）：文件已损坏。</translation>
        </message>
        <message>
            <location filename="../../writer/engine/gguf_header.py" line="308" />
            <source>an item of {0}</source>
            <translation>{0} 的一个元素</translation>
        </message>
        <message>
            <location filename="../../writer/engine/gguf_header.py" line="311" />
            <source>The metadata entry {0!r} has an unknown type.</source>
            <translation>元数据项 {0!r} 的类型未知。</translation>
        </message>
        <message>
            <location filename="../../writer/engine/gguf_header.py" line="318" />
            <source>{0} does not say which model architecture it holds (general.architecture is missing): it is not a usable model.</source>
            <translation>{0} 没有注明模型架构（缺少 general.architecture）：它不是可用的模型。</translation>
        </message>
        <message>
            <location filename="../../writer/engine/gguf_header.py" line="326" />
            <source>{0} has an invalid alignment ({1}).</source>
            <translation>{0} 的对齐值无效（{1}）。</translation>
        </message>
        <message>
            <location filename="../../writer/engine/gguf_header.py" line="332" />
            <source>a tensor name</source>
            <translation>一个张量名</translation>
        </message>
        <message>
            <location filename="../../writer/engine/gguf_header.py" line="333" />
            <location filename="../../writer/engine/gguf_header.py" line="339" />
            <source>the shape of tensor {0}</source>
            <translation>张量 {0} 的形状</translation>
        </message>
        <message>
            <location filename="../../writer/engine/gguf_header.py" line="336" />
            <source>Tensor {0!r} has {1} dimensions: the file is damaged.</source>
            <translation>张量 {0!r} 有 {1} 个维度：文件已损坏。</translation>
        </message>
        <message>
            <location filename="../../writer/engine/gguf_header.py" line="342" />
            <source>the type of tensor {0}</source>
            <translation>张量 {0} 的类型</translation>
        </message>
        <message>
            <location filename="../../writer/engine/gguf_header.py" line="343" />
            <source>the offset of tensor {0}</source>
            <translation>张量 {0} 的偏移量</translation>
        </message>
        <message>
            <location filename="../../writer/engine/gguf_header.py" line="348" />
            <source>Tensor {0!r} uses a data type ({1}) this Writer does not know; the file may need a newer Writer.</source>
            <translation>张量 {0!r} 使用了当前版本的 Writer 不认识的数据类型（{1}）；此文件可能需要更新版本的 Writer。</translation>
        </message>
        <message>
            <location filename="../../writer/engine/gguf_header.py" line="358" />
            <source>Tensor {0!r} has an absurd shape {1}.</source>
            <translation>张量 {0!r} 的形状 {1} 不合理。</translation>
        </message>
        <message>
            <location filename="../../writer/engine/gguf_header.py" line="362" />
            <source>Tensor {0!r} has a shape that does not fit its type.</source>
            <translation>张量 {0!r} 的形状与其类型不匹配。</translation>
        </message>
        <message>
            <location filename="../../writer/engine/gguf_header.py" line="370" />
            <source>{0} is incomplete: tensor {1!r} lies beyond the end of the file ({2:,} bytes). If it was downloaded, download it again.</source>
            <translation>{0} 不完整：张量 {1!r} 超出了文件末尾（文件共 {2:,} 字节）。如果它是下载的，请重新下载。</translation>
        </message>
        <message>
            <location filename="../../writer/engine/probe.py" line="119" />
            <source>an instruction this processor does not support</source>
            <translation>遇到此处理器不支持的指令</translation>
        </message>
        <message>
            <location filename="../../writer/engine/probe.py" line="120" />
            <source>an invalid memory access</source>
            <translation>无效的内存访问</translation>
        </message>
        <message>
            <location filename="../../writer/engine/probe.py" line="121" />
            <source>an internal check failed</source>
            <translation>内部检查未通过</translation>
        </message>
        <message>
            <location filename="../../writer/engine/probe.py" line="122" />
            <source>a bus error</source>
            <translation>总线错误</translation>
        </message>
        <message>
            <location filename="../../writer/engine/probe.py" line="123" />
            <source>an arithmetic error</source>
            <translation>算术错误</translation>
        </message>
        <message>
            <location filename="../../writer/engine/probe.py" line="124" />
            <source>it was killed (out of memory?)</source>
            <translation>进程被终止（内存不足？）</translation>
        </message>
        <message>
            <location filename="../../writer/engine/probe.py" line="134" />
            <source>an unexpected signal</source>
            <translation>意外的信号</translation>
        </message>
        <message>
            <location filename="../../writer/engine/probe.py" line="152" />
            <source>loading the model took longer than ten minutes</source>
            <translation>载入模型用了十分钟以上</translation>
        </message>
        <message>
            <location filename="../../writer/engine/probe.py" line="156" />
            <source>llama.cpp crashed while running this model ({0}). This model cannot run on this computer with this build.</source>
            <translation>llama.cpp 运行此模型时崩溃（{0}）。此模型无法在这台电脑上用当前版本运行。</translation>
        </message>
        <message>
            <location filename="../../writer/engine/probe.py" line="172" />
            <source>llama.cpp could not load this model</source>
            <translation>llama.cpp 无法载入此模型</translation>
        </message>
        <message>
            <location filename="../../writer/engine/runtime.py" line="131" />
            <source>llama.cpp could not load the model ({0})</source>
            <translation>llama.cpp 无法载入模型（{0}）</translation>
        </message>
        <message>
            <location filename="../../writer/engine/runtime.py" line="133" />
            <source>llama.cpp could not load the model (see the log for details)</source>
            <translation>llama.cpp 无法载入模型（详情见日志）</translation>
        </message>
        <message>
            <location filename="../../writer/engine/runtime.py" line="270" />
            <source>llama.cpp could not create a context of {0} tokens (not enough memory?)</source>
            <translation>llama.cpp 无法创建 {0} 个词元的上下文（内存不足？）</translation>
        </message>
        <message>
            <location filename="../../writer/generation/chat_template.py" line="60" />
            <source>This model's chat template was refused ({0}); using a plain prompt instead.</source>
            <translation>此模型的聊天模板未被采用（{0}）；改用普通提示词。</translation>
        </message>
        <message>
            <location filename="../../writer/generation/chat_template.py" line="82" />
            <location filename="../../writer/generation/chat_template.py" line="204" />
            <source>it loops too much</source>
            <translation>循环次数过多</translation>
        </message>
        <message>
            <location filename="../../writer/generation/chat_template.py" line="84" />
            <source>it takes too long to render</source>
            <translation>渲染耗时过长</translation>
        </message>
        <message>
            <location filename="../../writer/generation/chat_template.py" line="89" />
            <location filename="../../writer/generation/chat_template.py" line="232" />
            <source>it builds values that are too large</source>
            <translation>生成的值过大</translation>
        </message>
        <message>
            <location filename="../../writer/generation/chat_template.py" line="92" />
            <source>it builds too much</source>
            <translation>生成的内容过多</translation>
        </message>
        <message>
            <location filename="../../writer/generation/chat_template.py" line="105" />
            <location filename="../../writer/generation/chat_template.py" line="111" />
            <location filename="../../writer/generation/chat_template.py" line="192" />
            <location filename="../../writer/generation/chat_template.py" line="210" />
            <location filename="../../writer/generation/chat_template.py" line="241" />
            <source>it asks for values that are too large</source>
            <translation>请求的值过大</translation>
        </message>
        <message>
            <location filename="../../writer/generation/chat_template.py" line="224" />
            <location filename="../../writer/generation/chat_template.py" line="238" />
            <source>it computes numbers that are too large</source>
            <translation>计算出的数字过大</translation>
        </message>
        <message>
            <location filename="../../writer/generation/chat_template.py" line="289" />
            <source>it is too large</source>
            <translation>模板过大</translation>
        </message>
        <message>
            <location filename="../../writer/generation/chat_template.py" line="302" />
            <source>its output is too large</source>
            <translation>输出过大</translation>
        </message>
        <message>
            <location filename="../../writer/generation/chat_template.py" line="332" />
            <source>it tried to reach Python internals</source>
            <translation>试图访问 Python 内部对象</translation>
        </message>
        <message>
            <location filename="../../writer/generation/chat_template.py" line="336" />
            <source>it recurses without end</source>
            <translation>无限递归</translation>
        </message>
        <message>
            <location filename="../../writer/generation/chat_template.py" line="338" />
            <source>it needs too much memory</source>
            <translation>需要的内存过多</translation>
        </message>
        <message>
            <location filename="../../writer/generation/chat_template.py" line="340" />
            <source>This model's chat template failed ({0}); using a plain prompt instead.</source>
            <translation>此模型的聊天模板运行失败（{0}）；改用普通提示词。</translation>
        </message>
        <message>
            <location filename="../../writer/generation/chat_template.py" line="391" />
            <source>it leaves out the text to rewrite</source>
            <translation>遗漏了要改写的文字</translation>
        </message>
        <message>
            <location filename="../../writer/generation/chat_template.py" line="394" />
            <source>it never opens the model's turn</source>
            <translation>没有为模型开启回复轮次</translation>
        </message>
        <message>
            <location filename="../../writer/models/download.py" line="147" />
            <source>{0} did not describe {1} completely (commit, hash or size missing), so Writer cannot download it safely.</source>
            <translation>{0} 提供的 {1} 信息不完整（缺少提交、哈希或大小），因此 Writer 无法安全地下载它。</translation>
        </message>
        <message>
            <location filename="../../writer/models/download.py" line="176" />
            <source>Writer will not download {0!r} from {1!r}: {2}, so it could be written outside the model cache.</source>
            <translation>Writer 不会从 {1!r} 下载 {0!r}：{2}，它可能会被写到模型缓存以外的位置。</translation>
        </message>
        <message>
            <location filename="../../writer/models/download.py" line="199" />
            <source>The Hub publishes no sha256 for {0}, so Writer cannot check it and will not download it.</source>
            <translation>Hub 没有公布 {0} 的 sha256，Writer 无法校验它，因此不会下载。</translation>
        </message>
        <message>
            <location filename="../../writer/models/download.py" line="230" />
            <source>The Hub now holds a different {0} than the one Writer's catalog lists (the repository was updated), so Writer did not download it.</source>
            <translation>Hub 上的 {0} 已与 Writer 推荐目录中所列的不同（仓库已更新），因此 Writer 没有下载它。</translation>
        </message>
        <message>
            <location filename="../../writer/models/download.py" line="277" />
            <source>{0} is already being downloaded by another Writer window or program.</source>
            <translation>另一个 Writer 窗口或程序正在下载 {0}。</translation>
        </message>
        <message>
            <location filename="../../writer/models/download.py" line="343" />
            <source>Not enough disk space for {0}: it needs {1} more, and only {2} is free in {3}.</source>
            <translation>磁盘空间不足，无法下载 {0}：还需要 {1}，但 {3} 中只有 {2} 可用。</translation>
        </message>
        <message>
            <location filename="../../writer/models/download.py" line="370" />
            <source>The disk filled up while downloading {0} ({1} of {2} saved). Free some space and retry: the download continues where it stopped.</source>
            <translation>下载 {0} 时磁盘已满（已保存 {1} / {2}）。请腾出一些空间后重试：下载会从中断处继续。</translation>
        </message>
        <message>
            <location filename="../../writer/models/download.py" line="381" />
            <source>{0} stopped at {1} of {2}: the disk that holds the models ({3}) takes no file larger than that (a FAT32 drive takes files of up to 4 GB). Keep the models on another disk (the HF_HOME environment variable) and retry: the download continues where it stopped.</source>
            <translation>{0} 在 {1} / {2} 处停下：存放模型的磁盘（{3}）不接受比这更大的文件（FAT32 格式的磁盘只接受 4 GB 以内的文件）。请把模型放到另一块磁盘上（HF_HOME 环境变量）后重试：下载会从停下的地方继续。</translation>
        </message>
        <message>
            <location filename="../../writer/models/download.py" line="405" />
            <source>The download of {0} stopped at {1} of {2}. {3} Retry to continue from there.</source>
            <translation>{0} 的下载在 {1} / {2} 处中断。{3}重试即可从中断处继续。</translation>
        </message>
        <message>
            <location filename="../../writer/models/download.py" line="422" />
            <source>{0} arrived damaged: its checksum does not match the one the Hub publishes. Writer moved it aside ({1}) and will not use it; download it again.</source>
            <translation>{0} 下载后已损坏：它的校验和与 Hub 公布的不一致。Writer 已将它移入隔离区（{1}），不会使用它；请重新下载。</translation>
        </message>
        <message>
            <location filename="../../writer/models/download.py" line="477" />
            <source>The download link expired.</source>
            <translation>下载链接已过期。</translation>
        </message>
        <message>
            <location filename="../../writer/models/download.py" line="488" />
            <source>The server sent the wrong part of the file.</source>
            <translation>服务器发送的文件片段不正确。</translation>
        </message>
        <message>
            <location filename="../../writer/models/download.py" line="511" />
            <source>The connection closed before the whole file arrived.</source>
            <translation>文件尚未完整接收，连接就已断开。</translation>
        </message>
        <message>
            <location filename="../../writer/models/download.py" line="514" />
            <source>The server sent more bytes than the file has.</source>
            <translation>服务器发送的字节数超过了文件大小。</translation>
        </message>
        <message>
            <location filename="../../writer/models/download.py" line="677" />
            <source>The download of {0} was cancelled at {1} of {2}. Retry to continue from there.</source>
            <translation>{0} 的下载已在 {1} / {2} 处取消。重试即可从那里继续。</translation>
        </message>
        <message>
            <location filename="../../writer/models/download.py" line="705" />
            <location filename="../../writer/models/errors.py" line="67" />
            <location filename="../../writer/models/hub.py" line="158" />
            <source>the Hugging Face Hub</source>
            <translation>Hugging Face Hub</translation>
        </message>
        <message>
            <location filename="../../writer/models/download.py" line="706" />
            <location filename="../../writer/models/hub.py" line="159" />
            <source>the Hub at {0}</source>
            <translation>Hub（{0}）</translation>
        </message>
        <message>
            <location filename="../../writer/models/errors.py" line="42" />
            <location filename="../../writer/network.py" line="70" />
            <source>Writer is in offline mode (HF_HUB_OFFLINE is set), so it does not contact the Hugging Face Hub. Unset HF_HUB_OFFLINE to search or download models.</source>
            <translation>Writer 处于离线模式（设置了 HF_HUB_OFFLINE），因此不会连接 Hugging Face Hub。取消 HF_HUB_OFFLINE 即可搜索或下载模型。</translation>
        </message>
        <message>
            <location filename="../../writer/models/errors.py" line="54" />
            <source>{0} bytes</source>
            <translation>{0} 字节</translation>
        </message>
        <message>
            <location filename="../../writer/models/errors.py" line="68" />
            <source>{0} from {1}</source>
            <translation>{1} 中的 {0}</translation>
        </message>
        <message>
            <location filename="../../writer/models/errors.py" line="73" />
            <source>{0} is a gated repository: its authors ask you to accept their terms first. Accept them on its Hub page while logged in, then log in here with `hf auth login` (or set HF_TOKEN) and try again.</source>
            <translation>{0} 是受限仓库：作者要求你先接受其条款。请登录后在它的 Hub 页面上接受条款，然后在这里用 `hf auth login` 登录（或设置 HF_TOKEN），再重试。</translation>
        </message>
        <message>
            <location filename="../../writer/models/errors.py" line="81" />
            <source>The repository {0} has no such revision.</source>
            <translation>仓库 {0} 中没有所请求的修订版本。</translation>
        </message>
        <message>
            <location filename="../../writer/models/errors.py" line="83" />
            <source>The repository {0} has no file {1}.</source>
            <translation>仓库 {0} 中没有文件 {1}。</translation>
        </message>
        <message>
            <location filename="../../writer/models/errors.py" line="86" />
            <source>There is no model repository {0} on {1} (or it is private and you are not logged in).</source>
            <translation>{1} 上没有模型仓库 {0}（或者它是私有仓库，而你尚未登录）。</translation>
        </message>
        <message>
            <location filename="../../writer/models/errors.py" line="96" />
            <source>{0} was not found on {1}.</source>
            <translation>在 {1} 上找不到 {0}。</translation>
        </message>
        <message>
            <location filename="../../writer/models/errors.py" line="99" />
            <source>{0} refused access to {1} (HTTP {2}). Log in with `hf auth login` or set HF_TOKEN, and check that your account may use this repository.</source>
            <translation>{0} 拒绝访问 {1}（HTTP {2}）。请用 `hf auth login` 登录或设置 HF_TOKEN，并确认你的账户有权使用此仓库。</translation>
        </message>
        <message>
            <location filename="../../writer/models/errors.py" line="109" />
            <source>{0} is asking Writer to slow down. Wait a minute and retry.</source>
            <translation>{0} 要求 Writer 降低请求频率。请等一分钟后重试。</translation>
        </message>
        <message>
            <location filename="../../writer/models/errors.py" line="113" />
            <source>{0} had a problem (HTTP {1}). Try again later.</source>
            <translation>{0} 出现故障（HTTP {1}）。请稍后再试。</translation>
        </message>
        <message>
            <location filename="../../writer/models/errors.py" line="116" />
            <source>{0} answered with an error (HTTP {1}) for {2}.</source>
            <translation>{0} 在处理 {2} 时返回了错误（HTTP {1}）。</translation>
        </message>
        <message>
            <location filename="../../writer/models/errors.py" line="122" />
            <source>{0} did not answer in time. Check the connection and retry.</source>
            <translation>{0} 没有及时响应。请检查网络连接后重试。</translation>
        </message>
        <message>
            <location filename="../../writer/models/errors.py" line="126" />
            <source>Cannot reach {0}: check the internet connection (and any proxy) and try again.</source>
            <translation>无法连接 {0}：请检查网络连接（以及代理设置）后重试。</translation>
        </message>
        <message>
            <location filename="../../writer/models/errors.py" line="132" />
            <source>The disk is full: there is no room left for {0}.</source>
            <translation>磁盘已满：没有空间存放 {0}。</translation>
        </message>
        <message>
            <location filename="../../writer/models/errors.py" line="136" />
            <source>Writer could not write {0}: {1}{2}.</source>
            <translation>Writer 无法写入 {0}：{1}{2}。</translation>
        </message>
        <message>
            <location filename="../../writer/models/errors.py" line="137" />
            <source>Something unexpected went wrong with {0}: {1}.</source>
            <translation>处理 {0} 时出现意外错误：{1}。</translation>
        </message>
        <message>
            <location filename="../../writer/models/hub.py" line="107" />
            <source>the search for {0!r}</source>
            <translation>对 {0!r} 的搜索</translation>
        </message>
        <message>
            <location filename="../../writer/models/hub.py" line="110" />
            <source>{0} answered the search with something that is not a list.</source>
            <translation>{0} 返回的搜索结果不是列表。</translation>
        </message>
        <message>
            <location filename="../../writer/models/partial.py" line="65" />
            <source>{0} (a file whose name is not known)</source>
            <translation>{0}（名称未知的文件）</translation>
        </message>
        <message>
            <location filename="../../writer/models/partial.py" line="234" />
            <source>{0} is being downloaded now; cancel the download first.</source>
            <translation>{0} 正在下载；请先取消下载。</translation>
        </message>
        <message>
            <location filename="../../writer/models/partial.py" line="238" />
            <location filename="../../writer/models/store.py" line="227" />
            <source>Writer could not delete {0}: {1}.</source>
            <translation>Writer 无法删除 {0}：{1}。</translation>
        </message>
        <message>
            <location filename="../../writer/models/partial.py" line="241" />
            <source>Discarded the unfinished download of {0}.</source>
            <translation>已丢弃 {0} 未完成的下载。</translation>
        </message>
        <message>
            <location filename="../../writer/models/store.py" line="141" />
            <source>{0!r} could mean several models ({1}); give the full name.</source>
            <translation>{0!r} 可能指多个模型（{1}）；请给出完整名称。</translation>
        </message>
        <message>
            <location filename="../../writer/models/store.py" line="144" />
            <source>No installed model is called {0!r}. `writer models list` shows the installed ones; `writer models download REPO FILE` fetches one.</source>
            <translation>没有名为 {0!r} 的已安装模型。`writer models list` 可列出已安装的模型；`writer models download REPO FILE` 可下载模型。</translation>
        </message>
        <message>
            <location filename="../../writer/models/store.py" line="192" />
            <source>Writer could not remember {0}: {1}.</source>
            <translation>Writer 无法将 {0} 记入已导入的模型列表：{1}。</translation>
        </message>
        <message>
            <location filename="../../writer/models/store.py" line="201" />
            <source>The starter model comes with Writer and cannot be deleted.</source>
            <translation>入门模型随 Writer 附带，无法删除。</translation>
        </message>
        <message>
            <location filename="../../writer/models/store.py" line="207" />
            <source>{0} is no longer listed; the file itself is still at {1}.</source>
            <translation>{0} 已从列表中移除；文件本身仍在 {1}。</translation>
        </message>
        <message>
            <location filename="../../writer/models/store.py" line="231" />
            <source>Deleted {0}; nothing is freed: {1} holds the same file.</source>
            <translation>已删除 {0}；没有释放空间：{1} 用的是同一个文件。</translation>
        </message>
        <message>
            <location filename="../../writer/models/store.py" line="233" />
            <source>Deleted {0} ({1} freed).</source>
            <translation>已删除 {0}（释放 {1}）。</translation>
        </message>
        <message>
            <location filename="../../writer/network.py" line="65" />
            <source>Writer is offline (Settings → Server → Offline), so it does not contact the Hugging Face Hub. Turn Offline off to search or download models.</source>
            <translation>Writer 处于离线状态（设置 → 服务器 → 离线），因此不会连接 Hugging Face Hub。关闭“离线”即可搜索或下载模型。</translation>
        </message>
        <message>
            <location filename="../../writer/network.py" line="79" />
            <source>Writer is set to use only the model on this computer, so it sends no text to {0}. Turn off “Local only” in Settings to use a server.</source>
            <translation>Writer 已设为只使用本机模型，因此不会向 {0} 发送任何文字。要使用服务器，请在设置中关闭“仅本机”。</translation>
        </message>
        <message>
            <location filename="../../writer/network.py" line="85" />
            <source>Writer is offline: it connects to no server outside this computer, and {0} is not on it.</source>
            <translation>Writer 处于离线状态：它不连接本机以外的任何服务器，而 {0} 不在本机上。</translation>
        </message>
        <message>
            <location filename="../../writer/project/files.py" line="99" />
            <source>Type a name for the document.</source>
            <translation>请输入文档的名字。</translation>
        </message>
        <message>
            <location filename="../../writer/project/files.py" line="101" />
            <location filename="../../writer/project/files.py" line="280" />
            <source>A document's name cannot hold “/” or “\”.</source>
            <translation>文档的名字不能含有“/”或“\”。</translation>
        </message>
        <message>
            <location filename="../../writer/project/files.py" line="104" />
            <source>A name that begins with “.” is a hidden file, which the project does not list.</source>
            <translation>以“.”开头的名字是隐藏文件，项目不会列出它。</translation>
        </message>
        <message>
            <location filename="../../writer/project/files.py" line="109" />
            <location filename="../../writer/project/files.py" line="296" />
            <source>The name is too long for a file.</source>
            <translation>这个名字作为文件名太长了。</translation>
        </message>
        <message>
            <location filename="../../writer/project/files.py" line="158" />
            <source>{0} is the name of the project's notes, which the model always reads: a new document so named would become them. Choose another name (View → Edit Project Notes makes the notes; Settings → Project names the notes file).</source>
            <translation>{0} 是项目笔记的名字，模型总会读取笔记：这样命名的新文档会变成笔记。请换一个名字（“视图 → 编辑项目笔记”可以创建笔记；笔记文件的名字在“设置 → 项目”中设置）。</translation>
        </message>
        <message>
            <location filename="../../writer/project/files.py" line="170" />
            <source>Could not create {0}: {1}.</source>
            <translation>无法创建 {0}：{1}。</translation>
        </message>
        <message>
            <location filename="../../writer/project/files.py" line="211" />
            <source>{0} is the name of the project's notes, which the model always reads: a document renamed so would become them. Choose another name (Settings → Project names the notes file).</source>
            <translation>{0} 是项目笔记的名字，模型总会读取笔记：这样改名的文档会变成笔记。请换一个名字（笔记文件的名字在“设置 → 项目”中设置）。</translation>
        </message>
        <message>
            <location filename="../../writer/project/files.py" line="245" />
            <source>Could not rename {0}: {1}.</source>
            <translation>无法重命名 {0}：{1}。</translation>
        </message>
        <message>
            <location filename="../../writer/project/files.py" line="285" />
            <source>A document cannot be moved out of the project's folder.</source>
            <translation>文档不能移出项目文件夹。</translation>
        </message>
        <message>
            <location filename="../../writer/project/files.py" line="288" />
            <source>A folder whose name begins with “.” is hidden, and the project does not list it.</source>
            <translation>以“.”开头的文件夹是隐藏的，项目不会列出它。</translation>
        </message>
        <message>
            <location filename="../../writer/project/files.py" line="293" />
            <source>The project lists documents at most {0} folders deep.</source>
            <translation>项目最多只列出向下 {0} 层文件夹中的文档。</translation>
        </message>
        <message>
            <location filename="../../writer/project/files.py" line="314" />
            <source>Could not look into the folder {0}: {1}.</source>
            <translation>无法查看文件夹 {0} 的内容：{1}。</translation>
        </message>
        <message>
            <location filename="../../writer/project/files.py" line="320" />
            <source>{0} is a file, not a folder.</source>
            <translation>{0} 是文件，不是文件夹。</translation>
        </message>
        <message>
            <location filename="../../writer/project/files.py" line="326" />
            <source>Could not create the folder {0}: {1}.</source>
            <translation>无法新建文件夹 {0}：{1}。</translation>
        </message>
        <message>
            <location filename="../../writer/project/files.py" line="340" />
            <source>There is already a file named {0} in this folder.</source>
            <translation>这个文件夹里已经有名为 {0} 的文件。</translation>
        </message>
        <message>
            <location filename="../../writer/project/files.py" line="359" />
            <source>Writer is not allowed to open it</source>
            <translation>Writer 无权打开它</translation>
        </message>
        <message>
            <location filename="../../writer/project/files.py" line="365" />
            <source>Writer is not allowed to change this folder</source>
            <translation>Writer 无权更改这个文件夹</translation>
        </message>
        <message>
            <location filename="../../writer/project/files.py" line="367" />
            <source>the file or its folder is no longer there</source>
            <translation>文件或它所在的文件夹已不存在</translation>
        </message>
        <message>
            <location filename="../../writer/project/notes.py" line="105" />
            <source>{0} is longer than 1 MB: only its first {1:,} characters are read (up to line {2}).</source>
            <translation>{0} 超过 1 MB：只读取前 {1:,} 个字符（到第 {2} 行为止）。</translation>
        </message>
        <message>
            <location filename="../../writer/project/notes.py" line="133" />
            <source>{0} has more than {1:,} sections: the ones from line {2} on are left out.</source>
            <translation>{0} 的小节超过 {1:,} 个：从第 {2} 行起的小节被略去。</translation>
        </message>
        <message>
            <location filename="../../writer/project/notes.py" line="157" />
            <source>{0} line {1}: “{2}” has keywords in brackets, so it is a lore entry, not the style note: write the style on the lines under a heading “{3}” alone.</source>
            <translation>{0} 第 {1} 行：“{2}”带有括号中的关键词，因此是设定条目，而不是风格提示：请把风格写在只有“{3}”的标题下面的几行里。</translation>
        </message>
        <message>
            <location filename="../../writer/project/notes.py" line="180" />
            <source>{0} line {1}: the keyword “{2}” is also a keyword of “{3}” (line {4}); both entries come in when it appears.</source>
            <translation>{0} 第 {1} 行：关键词“{2}”也是“{3}”（第 {4} 行）的关键词；它出现时两个条目都会提供给模型。</translation>
        </message>
        <message>
            <location filename="../../writer/project/notes.py" line="239" />
            <source>{0} line {1}: a comment opened with “&lt;!--” is not closed with “--&gt;”: the rest of the file is hidden from the model.</source>
            <translation>{0} 第 {1} 行：用“&lt;!--”开始的注释没有用“--&gt;”结束：文件其余部分模型都读不到。</translation>
        </message>
        <message>
            <location filename="../../writer/project/notes.py" line="266" />
            <source>{0} line {1}: the heading opens a list of keywords with “(” and does not close it: “{2}” is a section without keywords.</source>
            <translation>{0} 第 {1} 行：标题用“(”开始了关键词列表，但没有闭合：“{2}”将作为没有关键词的小节。</translation>
        </message>
        <message>
            <location filename="../../writer/project/notes.py" line="282" />
            <source>{0} line {1}: the heading “{2}” has no name before its keywords.</source>
            <translation>{0} 第 {1} 行：标题“{2}”在关键词之前没有名字。</translation>
        </message>
        <message>
            <location filename="../../writer/project/notes.py" line="297" />
            <source>{0} line {1}: a keyword longer than {2} characters (“{3}…”) is left out.</source>
            <translation>{0} 第 {1} 行：超过 {2} 个字符的关键词（“{3}…”）被略去。</translation>
        </message>
        <message>
            <location filename="../../writer/project/notes.py" line="308" />
            <source>{0} line {1}: the keyword “{2}” is a single character: with no spaces between words, it also turns the entry on inside every other word that holds it. A keyword of two characters or more is safer.</source>
            <translation>{0} 第 {1} 行：关键词“{2}”只有一个字：中文词与词之间没有空格，含有这个字的其他词也会触发这个条目。关键词最好用两个字或更多。</translation>
        </message>
        <message>
            <location filename="../../writer/project/project.py" line="85" />
            <source>The project folder {0} cannot be opened ({1}).</source>
            <translation>无法打开项目文件夹 {0}（{1}）。</translation>
        </message>
        <message>
            <location filename="../../writer/project/project.py" line="89" />
            <source>{0} is not a folder.</source>
            <translation>{0} 不是文件夹。</translation>
        </message>
        <message>
            <location filename="../../writer/project/project.py" line="102" />
            <source>The project has more than {0:,} documents: only the first {1:,} are listed.</source>
            <translation>项目中的文档超过 {0:,} 个：只列出前 {1:,} 个。</translation>
        </message>
        <message>
            <location filename="../../writer/project/project.py" line="120" />
            <source>The folder {0} cannot be listed ({1}).</source>
            <translation>无法列出文件夹 {0} 的内容（{1}）。</translation>
        </message>
        <message>
            <location filename="../../writer/project/project.py" line="132" />
            <source>{0} is a link to nothing; it is left out.</source>
            <translation>{0} 是指向不存在目标的链接，已略去。</translation>
        </message>
        <message>
            <location filename="../../writer/project/project.py" line="134" />
            <source>{0} vanished while the folder was listed.</source>
            <translation>列出文件夹时 {0} 消失了。</translation>
        </message>
        <message>
            <location filename="../../writer/project/project.py" line="138" />
            <location filename="../../writer/project/project.py" line="184" />
            <source>{0} cannot be read ({1}); it is left out.</source>
            <translation>无法读取 {0}（{1}），已略去。</translation>
        </message>
        <message>
            <location filename="../../writer/project/project.py" line="147" />
            <source>{0} links back to a folder already listed.</source>
            <translation>{0} 链接回一个已列出的文件夹。</translation>
        </message>
        <message>
            <location filename="../../writer/project/project.py" line="178" />
            <source>{0} is not a regular file; it is left out.</source>
            <translation>{0} 不是普通文件，已略去。</translation>
        </message>
        <message>
            <location filename="../../writer/project/project.py" line="182" />
            <source>{0} is no longer there; it is left out.</source>
            <translation>{0} 已不在原处，已略去。</translation>
        </message>
        <message>
            <location filename="../../writer/project/project.py" line="197" />
            <source>{0} is larger than 8 MB; it is left out of the project's memory.</source>
            <translation>{0} 大于 8 MB，未纳入项目的记忆。</translation>
        </message>
        <message>
            <location filename="../../writer/project/project.py" line="203" />
            <source>{0} holds binary data, not text; it is left out.</source>
            <translation>{0} 含有二进制数据而不是文本，已略去。</translation>
        </message>
        <message>
            <location filename="../../writer/project/project.py" line="207" />
            <source>Some bytes of {0} could not be read as {1} (the file may be damaged): the project's memory reads it with “�” in their place.</source>
            <translation>{0} 中有些字节无法按 {1} 读取（文件可能已损坏）：项目记忆读取它时，这些字节显示为“�”。</translation>
        </message>
        <message>
            <location filename="../../writer/project/project.py" line="223" />
            <source>The notes file {0} (Settings → Project) is not in the project: the model gets no notes. View → Edit Project Notes makes it.</source>
            <translation>笔记文件 {0}（设置 → 项目）不在项目里：模型得不到笔记。用“视图 → 编辑项目笔记”即可创建它。</translation>
        </message>
        <message>
            <location filename="../../writer/project/project.py" line="240" />
            <source>{0} holds binary data, not text: the notes are not used.</source>
            <translation>{0} 含有二进制数据而不是文本：不使用这份笔记。</translation>
        </message>
        <message>
            <location filename="../../writer/project/project.py" line="244" />
            <source>Some bytes of {0} could not be read as {1} (the file may be damaged): the notes are used with “�” in their place.</source>
            <translation>{0} 中有些字节无法按 {1} 读取（文件可能已损坏）：笔记仍会使用，这些字节显示为“�”。</translation>
        </message>
        <message>
            <location filename="../../writer/project/replace.py" line="138" />
            <source>{0} is left as it was: its line endings or characters would not be written back exactly as they are. Open it to replace in it.</source>
            <translation>{0} 保持原样：它的换行符或字符无法原样写回。请打开它，在其中替换。</translation>
        </message>
        <message>
            <location filename="../../writer/project/replace.py" line="141" />
            <source>{0} is left as it was: Writer guessed its encoding ({1}), and the replacement has characters a wrong guess would garble. Open it to check.</source>
            <translation>{0} 保持原样：它的编码（{1}）是 Writer 猜的，而替换文字中有猜错时会变成乱码的字符。请打开它检查。</translation>
        </message>
        <message>
            <location filename="../../writer/project/replace.py" line="156" />
            <location filename="../../writer/project/replace.py" line="159" />
            <source>{0} was changed by another program after Writer read it.</source>
            <translation>{0} 在 Writer 读取之后被另一个程序修改了。</translation>
        </message>
        <message>
            <location filename="../../writer/project/replace.py" line="161" />
            <source>{0} was deleted or moved by another program after Writer read it.</source>
            <translation>{0} 在 Writer 读取之后被另一个程序删除或移动了。</translation>
        </message>
        <message>
            <location filename="../../writer/project/replace.py" line="163" />
            <source>{0} cannot be read again ({1}).</source>
            <translation>无法再次读取 {0}（{1}）。</translation>
        </message>
        <message>
            <location filename="../../writer/project/replace.py" line="167" />
            <source>{0} is in {1}, which has no character “{2}”.</source>
            <translation>{0} 使用 {1} 编码，其中没有字符“{2}”。</translation>
        </message>
        <message>
            <location filename="../../writer/project/replace.py" line="171" />
            <source>{0} is read-only.</source>
            <translation>{0} 是只读的。</translation>
        </message>
        <message>
            <location filename="../../writer/project/replace.py" line="177" />
            <source>{0} is left as it was: Writer could not keep its present version in the local history ({1}).</source>
            <translation>{0} 保持原样：Writer 无法在本地历史中保留它现在的版本（{1}）。</translation>
        </message>
        <message>
            <location filename="../../writer/project/replace.py" line="186" />
            <source>{0} could not be written: {1}.</source>
            <translation>无法写入 {0}：{1}。</translation>
        </message>
        <message>
            <location filename="../../writer/remote/backend.py" line="150" />
            <source>{0} at {1}</source>
            <translation>{1} 上的 {0}</translation>
        </message>
        <message>
            <location filename="../../writer/remote/client.py" line="111" />
            <source>No server address was given.</source>
            <translation>没有填写服务器地址。</translation>
        </message>
        <message>
            <location filename="../../writer/remote/client.py" line="117" />
            <source>A server address starts with http:// or https://, not {0!r}.</source>
            <translation>服务器地址应以 http:// 或 https:// 开头，{0!r} 不符合。</translation>
        </message>
        <message>
            <location filename="../../writer/remote/client.py" line="120" />
            <source>{0!r} names no server.</source>
            <translation>{0!r} 中没有服务器名称。</translation>
        </message>
        <message>
            <location filename="../../writer/remote/client.py" line="125" />
            <source>{0!r} has a port that is not a number from 1 to 65535.</source>
            <translation>{0!r} 中的端口不是 1 到 65535 之间的数字。</translation>
        </message>
        <message>
            <location filename="../../writer/remote/client.py" line="228" />
            <source>its reply is not JSON</source>
            <translation>回复不是 JSON</translation>
        </message>
        <message>
            <location filename="../../writer/remote/client.py" line="255" />
            <source>an event is not JSON</source>
            <translation>其中一个事件不是 JSON</translation>
        </message>
        <message>
            <location filename="../../writer/remote/client.py" line="257" />
            <source>it reported an error: {0}</source>
            <translation>它报告了错误：{0}</translation>
        </message>
        <message>
            <location filename="../../writer/remote/client.py" line="309" />
            <source>The server at {0} is busy (HTTP {1}); Writer waited {2:.0f} s. Try again in a moment.</source>
            <translation>服务器 {0} 正忙（HTTP {1}）；Writer 已等待 {2:.0f} 秒。请稍后再试。</translation>
        </message>
        <message>
            <location filename="../../writer/remote/client.py" line="328" />
            <source>its reply is larger than {0} MB</source>
            <translation>回复超过 {0} MB</translation>
        </message>
        <message>
            <location filename="../../writer/remote/client.py" line="348" />
            <source>The server at {0} presented a certificate that could not be verified ({1}); Writer does not send text to it.</source>
            <translation>服务器 {0} 出示的证书无法验证（{1}）；Writer 不会向它发送文字。</translation>
        </message>
        <message>
            <location filename="../../writer/remote/client.py" line="357" />
            <source>Writer cannot reach the server at {0}: the connection was refused. Is the server running?</source>
            <translation>Writer 无法连接服务器 {0}：连接被拒绝。服务器是否正在运行？</translation>
        </message>
        <message>
            <location filename="../../writer/remote/client.py" line="365" />
            <source>Writer cannot find the server {0} (no such host).</source>
            <translation>Writer 找不到服务器 {0}（没有这个主机）。</translation>
        </message>
        <message>
            <location filename="../../writer/remote/client.py" line="368" />
            <source>The server at {0} did not answer in time.</source>
            <translation>服务器 {0} 没有及时响应。</translation>
        </message>
        <message>
            <location filename="../../writer/remote/client.py" line="369" />
            <source>Writer cannot reach the server at {0} ({1}).</source>
            <translation>Writer 无法连接服务器 {0}（{1}）。</translation>
        </message>
        <message>
            <location filename="../../writer/remote/client.py" line="374" />
            <source>The server at {0} stopped answering for {1:.0f} s in the middle of its answer.</source>
            <translation>服务器 {0} 回复到一半时，已有 {1:.0f} 秒没有响应。</translation>
        </message>
        <message>
            <location filename="../../writer/remote/client.py" line="382" />
            <source>The server at {0} stopped in the middle of its answer (the connection closed).</source>
            <translation>服务器 {0} 的回复中途中断（连接已关闭）。</translation>
        </message>
        <message>
            <location filename="../../writer/remote/client.py" line="390" />
            <source>The server at {0} sent a reply Writer cannot read: {1}.</source>
            <translation>服务器 {0} 发来了 Writer 无法读取的回复：{1}。</translation>
        </message>
        <message>
            <location filename="../../writer/remote/client.py" line="400" />
            <source>The server at {0} refused Writer's API key (HTTP {1}). Set the key in WRITER_API_KEY or in Settings.</source>
            <translation>服务器 {0} 拒绝了 Writer 的 API 密钥（HTTP {1}）。请在 WRITER_API_KEY 或设置中设定密钥。</translation>
        </message>
        <message>
            <location filename="../../writer/remote/client.py" line="410" />
            <source>The server at {0} has no model called {1!r}.</source>
            <translation>服务器 {0} 上没有名为 {1!r} 的模型。</translation>
        </message>
        <message>
            <location filename="../../writer/remote/client.py" line="412" />
            <source>The server at {0} has no {1} (HTTP 404): it may not be an OpenAI-compatible server.</source>
            <translation>服务器 {0} 上没有 {1}（HTTP 404）：它可能不是兼容 OpenAI 的服务器。</translation>
        </message>
        <message>
            <location filename="../../writer/remote/client.py" line="422" />
            <source>The server at {0} refused the request (HTTP {1}): {2}</source>
            <translation>服务器 {0} 拒绝了请求（HTTP {1}）：{2}</translation>
        </message>
        <message>
            <location filename="../../writer/remote/client.py" line="424" />
            <source>The server at {0} refused the request (HTTP {1}).</source>
            <translation>服务器 {0} 拒绝了请求（HTTP {1}）。</translation>
        </message>
        <message>
            <location filename="../../writer/remote/discovery.py" line="28" />
            <source>llama.cpp server</source>
            <translation>llama.cpp 服务器</translation>
        </message>
        <message>
            <location filename="../../writer/remote/discovery.py" line="29" />
            <source>OpenAI-compatible server</source>
            <translation>兼容 OpenAI 的服务器</translation>
        </message>
        <message>
            <location filename="../../writer/remote/discovery.py" line="75" />
            <source>{0} writers at once</source>
            <translation>可同时服务 {0} 位写作者</translation>
        </message>
        <message>
            <location filename="../../writer/remote/discovery.py" line="77" />
            <source>1 writer at once</source>
            <translation>一次服务 1 位写作者</translation>
        </message>
        <message>
            <location filename="../../writer/remote/discovery.py" line="80" />
            <source>prompt cache</source>
            <translation>提示缓存</translation>
        </message>
        <message>
            <location filename="../../writer/remote/discovery.py" line="82" />
            <source>fill-in-the-middle</source>
            <translation>中间填充</translation>
        </message>
        <message>
            <location filename="../../writer/remote/discovery.py" line="84" />
            <source>confidence shading ({0} ms a token)</source>
            <translation>按把握度着色（每个词元 {0} 毫秒）</translation>
        </message>
        <message>
            <location filename="../../writer/remote/discovery.py" line="86" />
            <source>several alternatives per request</source>
            <translation>每次请求给出多个候选</translation>
        </message>
        <message>
            <location filename="../../writer/remote/discovery.py" line="88" />
            <source>speculative rewrites ({0})</source>
            <translation>推测式改写（{0}）</translation>
        </message>
        <message>
            <location filename="../../writer/remote/discovery.py" line="89" />
            <source>plain completions</source>
            <translation>普通补全</translation>
        </message>
        <message>
            <location filename="../../writer/remote/discovery.py" line="91" />
            <source>{0}, {1}</source>
            <translation>{0}、{1}</translation>
        </message>
        <message>
            <location filename="../../writer/remote/discovery.py" line="92" />
            <source>{0}: {1}.</source>
            <translation>{0}：{1}。</translation>
        </message>
        <message>
            <location filename="../../writer/remote/discovery.py" line="100" />
            <source>This server's confidence costs {0} ms a token, so suggestions are not shaded.</source>
            <translation>这台服务器给出把握度每个词元要多花 {0} 毫秒，所以建议不按把握度着色。</translation>
        </message>
        <message>
            <location filename="../../writer/remote/discovery.py" line="107" />
            <source>This server gives no confidence, so suggestions are not shaded.</source>
            <translation>这台服务器不给出把握度，所以建议不按把握度着色。</translation>
        </message>
        <message>
            <location filename="../../writer/remote/discovery.py" line="110" />
            <source>This server gives one completion per request, so alternatives are slower.</source>
            <translation>这台服务器每次请求只给一个补全，所以候选来得较慢。</translation>
        </message>
        <message>
            <location filename="../../writer/remote/discovery.py" line="114" />
            <source>This server does not speculate (no draft model nor n-gram lookup), and Writer's own prompt lookup cannot run on a server, so rewrites are not sped up.</source>
            <translation>这台服务器不做推测解码（没有草稿模型，也没有 n-gram 查找），而 Writer 自己的提示查找无法在服务器上运行，所以改写不会加速。</translation>
        </message>
        <message>
            <location filename="../../writer/remote/discovery.py" line="151" />
            <source>The server at {0} has no model called {1!r} (it has {2}).</source>
            <translation>服务器 {0} 上没有名为 {1!r} 的模型（它有 {2}）。</translation>
        </message>
        <message>
            <location filename="../../writer/remote/discovery.py" line="162" />
            <source>The server at {0} lists no models.</source>
            <translation>服务器 {0} 没有列出任何模型。</translation>
        </message>
        <message>
            <location filename="../../writer/remote/keys.py" line="46" />
            <source>The keyring refused the key ({0}); use WRITER_API_KEY instead.</source>
            <translation>系统密钥环拒绝了此密钥（{0}）；请改用 WRITER_API_KEY。</translation>
        </message>
        <message>
            <location filename="../../writer/remote/keys.py" line="48" />
            <source>The key for {0} is kept in the system keyring.</source>
            <translation>{0} 的密钥已保存在系统密钥环中。</translation>
        </message>
        <message>
            <location filename="../../writer/remote/keys.py" line="49" />
            <source>The key is removed.</source>
            <translation>密钥已删除。</translation>
        </message>
        <message>
            <location filename="../../writer/remote/sse.py" line="84" />
            <source>the server sent an event longer than {0} KB</source>
            <translation>服务器发送的事件超过 {0} KB</translation>
        </message>
        <message>
            <location filename="../../writer/remote/sse.py" line="91" />
            <source>the server sent text that is not UTF-8</source>
            <translation>服务器发送的文字不是 UTF-8 编码</translation>
        </message>
        <message>
            <location filename="../../writer/settings.py" line="191" />
            <source>The settings file {0} could not be read ({1}); Writer uses its defaults.</source>
            <translation>无法读取设置文件 {0}（{1}）；Writer 将使用默认设置。</translation>
        </message>
        <message>
            <location filename="../../writer/settings.py" line="200" />
            <source>The settings file {0} holds no settings; Writer uses its defaults.</source>
            <translation>设置文件 {0} 中没有任何设置；Writer 将使用默认设置。</translation>
        </message>
        <message>
            <location filename="../../writer/settings.py" line="214" />
            <source>Some settings were not valid and are back to their defaults: {0}.</source>
            <translation>部分设置无效，已恢复为默认值：{0}。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/document_manager.py" line="700" />
            <source>An untitled document has no file to rename.</source>
            <translation>未命名的文档没有可重命名的文件。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/project_words.py" line="337" />
            <source>Too long to count here: over {0} MB.</source>
            <translation>文件太长，这里不统计：超过 {0} MB。</translation>
        </message>
        <message>
            <location filename="../../writer/worker.py" line="385" />
            <source>No model is loaded.</source>
            <translation>没有加载模型。</translation>
        </message>
    </context>
    <context>
        <name>SettingsDialog</name>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="138" />
            <source>Settings</source>
            <translation>设置</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="144" />
            <source>Su&amp;ggestions</source>
            <translation>建议(&amp;G)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="145" />
            <source>Re&amp;write Presets</source>
            <translation>改写预设(&amp;W)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="146" />
            <source>&amp;Banned Phrases</source>
            <translation>禁用短语(&amp;B)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="147" />
            <source>&amp;Model</source>
            <translation>模型(&amp;M)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="148" />
            <source>Ser&amp;ver</source>
            <translation>服务器(&amp;V)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="149" />
            <source>&amp;Appearance</source>
            <translation>外观(&amp;A)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="150" />
            <source>&amp;Project</source>
            <translation>项目(&amp;P)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="197" />
            <source>&amp;Show suggestions while typing</source>
            <translation>输入时显示建议(&amp;S)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="202" />
            <source> ms</source>
            <translation> 毫秒</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="205" />
            <source>After a word ends, the next word comes at once; the rest of the suggestion, and suggestions inside a word, wait for this pause in typing.</source>
            <translation>一个词结束后，下一个词会立即出现；建议的其余部分以及词中的建议，会等输入停顿这么久。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="210" />
            <source>Pause b&amp;efore the rest:</source>
            <translation>其余部分前的停顿(&amp;E)：</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="213" />
            <location filename="../../writer/ui/settings_dialog.py" line="687" />
            <source> tokens</source>
            <translation> 个词元</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="215" />
            <source>&amp;Longest suggestion:</source>
            <translation>最长建议(&amp;L)：</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="218" />
            <source>End of the sentence</source>
            <translation>句末</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="219" />
            <source>End of the line</source>
            <translation>行末</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="220" />
            <source>Token limit</source>
            <translation>词元上限</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="225" />
            <source>S&amp;top at:</source>
            <translation>停在(&amp;T)：</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="231" />
            <source>Cut a suggestion at its first word the model gives less than this probability (0 offers everything).</source>
            <translation>在模型给出概率低于此值的第一个词处截断建议（0 表示全部显示）。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="236" />
            <source>C&amp;ut below confidence:</source>
            <translation>低于此置信度时截断(&amp;U)：</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="242" />
            <source>Show a suggestion only where the model gives its first word at least this probability (0 shows every one; Ctrl+Space always shows).</source>
            <translation>仅当模型对建议第一个词的概率不低于此值时才显示建议（0 表示全部显示；Ctrl+空格 总会显示）。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="247" />
            <source>Show &amp;from confidence:</source>
            <translation>显示所需置信度(&amp;F)：</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="248" />
            <source>Wor&amp;k ahead while typing</source>
            <translation>输入时提前准备(&amp;K)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="251" />
            <source>Read each word as it is typed and prepare the next suggestion before this one is taken: suggestions come sooner, for more processor time (and battery).</source>
            <translation>在输入每个词时就预先读入它，并在采纳当前建议之前准备好下一条：建议来得更快，但会多占用处理器时间（和电量）。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="267" />
            <source>Co&amp;ntext size:</source>
            <translation>上下文长度(&amp;N)：</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="275" />
            <source>Automatic</source>
            <translation>自动</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="276" />
            <source>All layers</source>
            <translation>全部层</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="277" />
            <source>None (CPU only)</source>
            <translation>无（仅用 CPU）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="284" />
            <source>Automatic, all layers, or a number of layers (0 runs on the CPU)</source>
            <translation>自动、全部层，或层数（0 表示只在 CPU 上运行）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="286" />
            <source>GP&amp;U layers:</source>
            <translation>GPU 层数(&amp;U)：</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="289" />
            <source>automatic</source>
            <translation>自动</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="291" />
            <source>CPU &amp;threads:</source>
            <translation>CPU 线程(&amp;T)：</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="300" />
            <source>Rewrite presets</source>
            <translation>改写预设</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="307" />
            <source>A&amp;dd…</source>
            <translation>添加(&amp;D)…</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="308" />
            <source>&amp;Edit…</source>
            <translation>编辑(&amp;E)…</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="309" />
            <source>&amp;Remove</source>
            <translation>移除(&amp;R)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="310" />
            <source>Move &amp;Up</source>
            <translation>上移(&amp;U)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="311" />
            <source>Move Dow&amp;n</source>
            <translation>下移(&amp;N)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="312" />
            <source>Bu&amp;ilt-in Presets</source>
            <translation>恢复内置预设(&amp;I)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="325" />
            <source>Words and phrases that no suggestion or rewrite may write, one a line (case is ignored). A line between slashes, such as /colou?r/, is a regular expression. When the model writes one, it goes back and writes something else.</source>
            <translation>建议和改写中不得出现的词语和短语，每行一个（不区分大小写）。用斜杠括起的一行（如 /colou?r/）是正则表达式。模型写出其中之一时，会退回到它开始的地方，改写别的内容。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="337" />
            <source>a tapestry of
/colou?r/
夜色如墨</source>
            <translation>夜色如墨
/colou?r/
a tapestry of</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="345" />
            <source>A&amp;dd common clichés</source>
            <translation>添加常见套话(&amp;D)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="347" />
            <source>Add a starter list of phrases models overuse, in English and Chinese</source>
            <translation>添加一份模型常滥用的英文和中文短语清单</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="376" />
            <source>GPU layers: “{0}” is not Automatic, All layers or a number of layers.</source>
            <translation>GPU 层数：“{0}”不是“自动”“全部层”或层数。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="405" />
            <source>Font: “{0}” is not a font on this computer: choose one from the list.</source>
            <translation>字体：这台电脑上没有“{0}”这个字体，请从列表中选择一个。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="419" />
            <source>it is not a valid regular expression ({0})</source>
            <translation>它不是有效的正则表达式（{0}）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="423" />
            <source>it is a regular expression that matches empty text</source>
            <translation>它是能匹配空文本的正则表达式</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="425" />
            <source>it is longer than {0} characters</source>
            <translation>它超过了 {0} 个字符</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="427" />
            <source>a list holds at most {0} lines</source>
            <translation>列表最多 {0} 行</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="428" />
            <source>Banned phrases, line {0} (“{1}”): {2}. Nothing was saved.</source>
            <translation>禁用短语第 {0} 行（“{1}”）：{2}。未保存任何设置。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="460" />
            <location filename="../../writer/ui/settings_dialog.py" line="468" />
            <source>&amp;Name:</source>
            <translation>名称(&amp;N)：</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="462" />
            <location filename="../../writer/ui/settings_dialog.py" line="493" />
            <source>Preset</source>
            <translation>预设</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="467" />
            <source>A preset is already named “{0}”: give this one another name.</source>
            <translation>已有名为“{0}”的预设，请给这个预设另取一个名字。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="494" />
            <source>&amp;Instruction to the model:</source>
            <translation>给模型的指示(&amp;I)：</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="556" />
            <location filename="../../writer/ui/settings_dialog.py" line="608" />
            <source>As the system</source>
            <translation>跟随系统</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="557" />
            <source>Light</source>
            <translation>浅色</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="558" />
            <source>Dark</source>
            <translation>深色</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="562" />
            <source>&amp;Theme:</source>
            <translation>主题(&amp;T)：</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="570" />
            <source>Use this fo&amp;nt (else a serif the system has)</source>
            <translation>使用此字体(&amp;N)（否则使用系统的衬线字体）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="575" />
            <source>&amp;Font:</source>
            <translation>字体(&amp;F)：</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="586" />
            <source>“{0}”, the font chosen before, is not on this computer any more: the text shows in another font. OK keeps it for when it is back; choose a font from the list, or untick the box, to change it.</source>
            <translation>之前选择的字体“{0}”已不在这台电脑上：文字正以另一种字体显示。点“确定”会保留它，待它重新安装后使用；要更换，请从列表中选择一种字体，或取消勾选。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="598" />
            <source>default</source>
            <translation>默认</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="600" />
            <source>Font si&amp;ze:</source>
            <translation>字号(&amp;Z)：</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="603" />
            <source> em</source>
            <translation> em</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="605" />
            <source>Te&amp;xt width:</source>
            <translation>文字宽度(&amp;X)：</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="614" />
            <source>&amp;Language:</source>
            <translation>语言(&amp;L)：</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="615" />
            <source>&amp;Underline misspelled words</source>
            <translation>在拼错的词下画线(&amp;U)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="617" />
            <source>Spelling:</source>
            <translation>拼写：</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="619" />
            <source>Automatic: the document's language</source>
            <translation>自动：按文档的语言</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="628" />
            <source>&amp;Dictionary:</source>
            <translation>词典(&amp;D)：</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="636" />
            <source>In the same window (after asking to save changes)</source>
            <translation>在同一窗口中（先询问是否保存更改）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="637" />
            <source>In a new window</source>
            <translation>在新窗口中</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="644" />
            <source>Where Enter or a double click in the Project panel opens a document</source>
            <translation>在项目面板中按回车或双击时，文档在哪里打开</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="646" />
            <source>Open doc&amp;uments:</source>
            <translation>打开文档(&amp;U)：</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="650" />
            <source>none</source>
            <translation>不保留</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="653" />
            <source>Each save keeps a version of the document in Writer's own folder, for File → Local History; beyond this many, the oldest are deleted</source>
            <translation>每次保存都会在 Writer 自己的文件夹里留下文档的一个版本，供“文件 → 本地历史”使用；超过这个数目时删除最旧的</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="656" />
            <source>Versions &amp;kept of each document:</source>
            <translation>每个文档保留的版本数(&amp;K)：</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="657" />
            <source>&amp;Reopen the last session's documents at start</source>
            <translation>启动时重新打开上次会话的文档(&amp;R)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="660" />
            <source>Writer started without a file opens again the windows, projects and documents that were open when it last quit</source>
            <translation>不带文件启动 Writer 时，重新打开上次退出时打开着的窗口、项目和文档</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="664" />
            <source>&lt;b&gt;Memory&lt;/b&gt;: what the model is given from the project</source>
            <translation>&lt;b&gt;记忆&lt;/b&gt;：模型从项目中得到的内容</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="666" />
            <source>&amp;Notes: sections without keywords, always</source>
            <translation>笔记(&amp;N)：没有关键词的小节，始终提供</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="668" />
            <source>&amp;Lore entries: sections whose keywords are written near the cursor</source>
            <translation>设定条目(&amp;L)：关键词出现在光标附近的小节</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="671" />
            <source>Other &amp;documents: passages that share names and rare words</source>
            <translation>其他文档(&amp;D)：含有相同名字和少见词语的段落</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="674" />
            <source>St&amp;yle note: the notes' “Style” section, a few lines before the cursor</source>
            <translation>风格提示(&amp;Y)：笔记中的“风格”小节，放在光标前几行</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="688" />
            <source>a quarter of the context</source>
            <translation>上下文的四分之一</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="690" />
            <source>M&amp;emory budget:</source>
            <translation>记忆预算(&amp;E)：</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="692" />
            <source>A file in the project's folder</source>
            <translation>项目文件夹中的一个文件</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="693" />
            <source>Notes &amp;file:</source>
            <translation>笔记文件(&amp;F)：</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="703" />
            <source>An inference server (llama-server, vLLM, Ollama, LM Studio) can run a model too large for this computer. While one is used, the text near the cursor and what you rewrite are sent to it, and the status bar names it.</source>
            <translation>推理服务器（llama-server、vLLM、Ollama、LM Studio）可以运行这台电脑跑不动的大模型。使用服务器时，光标附近的文字和要改写的内容会发送给它，状态栏会显示它的名字。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="718" />
            <source>This session uses {0}, the server named on the command line (--server). A choice made here replaces it.</source>
            <translation>本次会话使用命令行（--server）指定的服务器 {0}。在此处所做的选择会取代它。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="726" />
            <source>&amp;Use the server instead of the local model</source>
            <translation>使用服务器而不是本机模型(&amp;U)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="731" />
            <source>A&amp;ddress:</source>
            <translation>地址(&amp;D)：</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="733" />
            <source>the server's first model</source>
            <translation>服务器的第一个模型</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="734" />
            <source>Mod&amp;el:</source>
            <translation>模型(&amp;E)：</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="738" />
            <source>kept in the system keyring, never in a file</source>
            <translation>保存在系统密钥环中，绝不写入文件</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="740" />
            <source>no keyring here: set WRITER_API_KEY</source>
            <translation>此处没有密钥环：请设置 WRITER_API_KEY</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="742" />
            <source>API &amp;key:</source>
            <translation>API 密钥(&amp;K)：</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="743" />
            <source>&amp;Local only: never send text to any server</source>
            <translation>仅本机(&amp;L)：绝不把文字发送到任何服务器</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="747" />
            <source>O&amp;ffline: no Hub, and no server outside this computer</source>
            <translation>离线(&amp;F)：不访问 Hub，也不连接本机以外的服务器</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="783" />
            <source>{0}: “{1}” is not “{2}” or a number from {3} to {4}.</source>
            <translation>{0}：“{1}”既不是“{2}”，也不是 {3} 到 {4} 之间的数。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="790" />
            <source>{0}: “{1}” is not a number from {2} to {3}.</source>
            <translation>{0}：“{1}”不是 {2} 到 {3} 之间的数。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="813" />
            <source>Use the server needs the server's address, such as http://gpu-box:8080 (or untick it to keep the model on this computer).</source>
            <translation>“使用服务器”需要服务器的地址，例如 http://gpu-box:8080（或取消勾选，继续用本机的模型）。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/settings_dialog.py" line="831" />
            <source>Notes file: “{0}” is not a file name (a name in the project's folder, without a folder).</source>
            <translation>笔记文件：“{0}”不是文件名（应是项目文件夹中的一个名字，不含文件夹）。</translation>
        </message>
    </context>
    <context>
        <name>SpellService</name>
        <message>
            <location filename="../../writer/ui/spelling.py" line="172" />
            <source>Your personal dictionary could not be read, so it is not written over: the words added are kept until Writer quits.</source>
            <translation>无法读取你的个人词典，因此不会覆盖它：添加的词保留到 Writer 退出为止。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/spelling.py" line="196" />
            <source>The personal dictionary could not be saved ({0}): the words added are kept until Writer quits.</source>
            <translation>个人词典未能保存（{0}）：添加的词保留到 Writer 退出为止。</translation>
        </message>
    </context>
    <context>
        <name>StatisticsPopup</name>
        <message>
            <location filename="../../writer/ui/statistics.py" line="78" />
            <source>Writing Statistics</source>
            <translation>写作统计</translation>
        </message>
        <message>
            <location filename="../../writer/ui/statistics.py" line="86" />
            <source>Document</source>
            <translation>文档</translation>
        </message>
        <message>
            <location filename="../../writer/ui/statistics.py" line="87" />
            <source>Selection</source>
            <translation>所选文字</translation>
        </message>
        <message>
            <location filename="../../writer/ui/statistics.py" line="88" />
            <source>Project</source>
            <translation>项目</translation>
        </message>
        <message>
            <location filename="../../writer/ui/statistics.py" line="94" />
            <source>Words</source>
            <translation>字数</translation>
        </message>
        <message>
            <location filename="../../writer/ui/statistics.py" line="95" />
            <source>Characters</source>
            <translation>字符数</translation>
        </message>
        <message>
            <location filename="../../writer/ui/statistics.py" line="96" />
            <source>Characters without spaces</source>
            <translation>字符数（不计空格）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/statistics.py" line="97" />
            <source>Paragraphs</source>
            <translation>段落数</translation>
        </message>
        <message>
            <location filename="../../writer/ui/statistics.py" line="98" />
            <source>Reading time</source>
            <translation>阅读时间</translation>
        </message>
        <message>
            <location filename="../../writer/ui/statistics.py" line="120" />
            <source>Written today, all documents</source>
            <translation>今天写下（所有文档）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/statistics.py" line="121" />
            <source>In this document</source>
            <translation>其中本文档</translation>
        </message>
        <message>
            <location filename="../../writer/ui/statistics.py" line="127" />
            <source>&amp;Daily goal</source>
            <translation>每日目标(&amp;D)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/statistics.py" line="132" />
            <source>None</source>
            <translation>无</translation>
        </message>
        <message>
            <location filename="../../writer/ui/statistics.py" line="133" />
            <source> words</source>
            <translation> 字</translation>
        </message>
        <message>
            <location filename="../../writer/ui/statistics.py" line="136" />
            <source>The words to write each day, in all documents; with one, the status bar shows how far you are</source>
            <translation>每天要写的字数，所有文档合计；设定后，状态栏会显示完成了多少</translation>
        </message>
        <message>
            <location filename="../../writer/ui/statistics.py" line="239" />
            <source>All the project's {0} documents but its notes, unsaved changes too</source>
            <translation>项目中除笔记外的全部 {0} 篇文档，包括未保存的修改</translation>
        </message>
        <message>
            <location filename="../../writer/ui/statistics.py" line="252" />
            <source>Under a minute</source>
            <translation>不到一分钟</translation>
        </message>
        <message>
            <location filename="../../writer/ui/statistics.py" line="255" />
            <source>About {0} min</source>
            <translation>约 {0} 分钟</translation>
        </message>
        <message>
            <location filename="../../writer/ui/statistics.py" line="256" />
            <source>About {0} h {1} min</source>
            <translation>约 {0} 小时 {1} 分钟</translation>
        </message>
        <message>
            <location filename="../../writer/ui/statistics.py" line="271" />
            <source>{0} of {1} words ({2}%)</source>
            <translation>{0} / {1} 字（{2}%）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/statistics.py" line="272" />
            <source>Goal of {0} words reached</source>
            <translation>已达成每日目标 {0} 字</translation>
        </message>
    </context>
    <context>
        <name>SuggestionController</name>
        <message>
            <location filename="../../writer/assist/suggestions.py" line="364" />
            <source>No model is ready yet: suggestions come once one has loaded (Model → Manage Models).</source>
            <translation>还没有可用的模型：模型载入后才会有建议（模型 → 管理模型）。</translation>
        </message>
        <message>
            <location filename="../../writer/assist/suggestions.py" line="371" />
            <source>This document is read-only: nothing can be added to it.</source>
            <translation>此文档为只读：无法在其中添加文字。</translation>
        </message>
        <message>
            <location filename="../../writer/assist/suggestions.py" line="373" />
            <source>Suggestions come at the cursor, not over a selection (Ctrl+Shift+R rewrites it).</source>
            <translation>建议出现在光标处，而不是所选文字上（Ctrl+Shift+R 可改写所选文字）。</translation>
        </message>
        <message>
            <location filename="../../writer/assist/suggestions.py" line="377" />
            <source>Suggestions come at the end of a word, not inside one.</source>
            <translation>建议出现在词尾，而不是词的中间。</translation>
        </message>
        <message>
            <location filename="../../writer/assist/suggestions.py" line="378" />
            <source>There is no text before the cursor to continue yet.</source>
            <translation>光标前还没有可以续写的文字。</translation>
        </message>
        <message>
            <location filename="../../writer/assist/suggestions.py" line="419" />
            <source>Suggestions stay quiet in {0} text: this model writes English only. Ctrl+Space still asks.</source>
            <translation>在{0}文本中不会自动给出建议：此模型只会写英文。仍可按 Ctrl+空格 请求建议。</translation>
        </message>
        <message>
            <location filename="../../writer/assist/suggestions.py" line="424" />
            <source>Suggestions stay quiet in {0} text: this model does not write {0}. Ctrl+Space still asks.</source>
            <translation>在{0}文本中不会自动给出建议：此模型不会写{0}。仍可按 Ctrl+空格 请求建议。</translation>
        </message>
        <message>
            <location filename="../../writer/assist/suggestions.py" line="597" />
            <location filename="../../writer/assist/suggestions.py" line="604" />
            <source>The model has nothing to suggest here.</source>
            <translation>模型在这里没有可建议的内容。</translation>
        </message>
    </context>
    <context>
        <name>TaskHandle</name>
        <message>
            <location filename="../../writer/tasks.py" line="231" />
            <source>The work stopped before it finished ({0}).</source>
            <translation>工作未完成就停止了（{0}）。</translation>
        </message>
    </context>
    <context>
        <name>TokenChoices</name>
        <message>
            <location filename="../../writer/assist/choices.py" line="89" />
            <source>Alt+Down lists the other words of a suggestion; none is showing.</source>
            <translation>Alt+Down 列出建议中的其他可选词；现在没有显示建议。</translation>
        </message>
        <message>
            <location filename="../../writer/assist/choices.py" line="94" />
            <source>The other words come once the suggestion is complete.</source>
            <translation>建议写完后才能列出其他候选词。</translation>
        </message>
        <message>
            <location filename="../../writer/assist/choices.py" line="100" />
            <source>The model did not say which other words it considered here.</source>
            <translation>模型没有提供此处考虑过的其他候选词。</translation>
        </message>
        <message>
            <location filename="../../writer/assist/choices.py" line="145" />
            <source>That suggestion is gone; nothing was changed.</source>
            <translation>该建议已不存在；未做任何更改。</translation>
        </message>
    </context>
    <context>
        <name>WelcomeDialog</name>
        <message>
            <location filename="../../writer/ui/welcome.py" line="42" />
            <source>take the whole suggestion</source>
            <translation>接受整条建议</translation>
        </message>
        <message>
            <location filename="../../writer/ui/welcome.py" line="43" />
            <source>take its next word</source>
            <translation>接受下一个词</translation>
        </message>
        <message>
            <location filename="../../writer/ui/welcome.py" line="44" />
            <source>dismiss it</source>
            <translation>忽略建议</translation>
        </message>
        <message>
            <location filename="../../writer/ui/welcome.py" line="47" />
            <source>cycle through alternatives</source>
            <translation>切换候选</translation>
        </message>
        <message>
            <location filename="../../writer/ui/welcome.py" line="49" />
            <source>list all alternatives</source>
            <translation>列出全部候选</translation>
        </message>
        <message>
            <location filename="../../writer/ui/welcome.py" line="52" />
            <source>other words in the suggestion (← → move between its words)</source>
            <translation>建议中某个词的其他候选（← → 在词之间移动）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/welcome.py" line="56" />
            <source>rewrite the selection (Enter runs “Improve”)</source>
            <translation>改写所选文字（回车执行“润色”）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/welcome.py" line="58" />
            <source>ask for a suggestion now</source>
            <translation>立即请求建议</translation>
        </message>
        <message>
            <location filename="../../writer/ui/welcome.py" line="61" />
            <source>while a rewrite writes: stop it, or try again</source>
            <translation>改写进行中：停止，或再试一次</translation>
        </message>
        <message>
            <location filename="../../writer/ui/welcome.py" line="63" />
            <source>suggestions on or off</source>
            <translation>打开或关闭续写建议</translation>
        </message>
        <message>
            <location filename="../../writer/ui/welcome.py" line="64" />
            <source>find, replace</source>
            <translation>查找、替换</translation>
        </message>
        <message>
            <location filename="../../writer/ui/welcome.py" line="67" />
            <source>go to the project's documents (Esc comes back)</source>
            <translation>转到项目的文档列表（Esc 返回）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/welcome.py" line="71" />
            <source>any command by typing part of its name (# for a heading, : for a line)</source>
            <translation>输入名称的一部分，找到并执行任一命令（输入 # 转到标题，输入 : 转到行）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/welcome.py" line="76" />
            <source>Writer Help: the guide, with every key</source>
            <translation>Writer 帮助：使用指南，含全部快捷键</translation>
        </message>
        <message>
            <location filename="../../writer/ui/welcome.py" line="102" />
            <source>Welcome to Writer</source>
            <translation>欢迎使用 Writer</translation>
        </message>
        <message>
            <location filename="../../writer/ui/welcome.py" line="114" />
            <source>Write as you always do. When you finish a word, a language model on this computer offers the next words in grey: take them or keep typing.</source>
            <translation>像平常一样写作。每写完一个词，本机的语言模型会以灰色文字给出接下来的词：可以接受，也可以继续输入。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/welcome.py" line="132" />
            <source>The starter model writes English only: asked to write or translate into {0}, it answers in English.</source>
            <translation>入门模型只会写英文：要它用{0}写作或翻译时，它仍然用英文回答。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/welcome.py" line="137" />
            <source>For {3}, choose {0} ({1}): {2}</source>
            <translation>写{3}请选择 {0}（{1}）：{2}</translation>
        </message>
        <message>
            <location filename="../../writer/ui/welcome.py" line="143" />
            <source>No model in the catalog that writes {0} fits this computer.</source>
            <translation>目录中会写{0}的模型都不适合这台电脑。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/welcome.py" line="150" />
            <source>None of the models in Writer's catalog writes {0}.</source>
            <translation>Writer 目录中没有能写{0}的模型。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/welcome.py" line="158" />
            <source>&amp;Models that fit this computer:</source>
            <translation>适合这台电脑的模型(&amp;M)：</translation>
        </message>
        <message>
            <location filename="../../writer/ui/welcome.py" line="166" />
            <source>SmolLM2 135M (starter, installed): instant, short English continuations</source>
            <translation>SmolLM2 135M（入门模型，已安装）：即时给出简短的英文续写</translation>
        </message>
        <message>
            <location filename="../../writer/ui/welcome.py" line="168" />
            <source>SmolLM2 135M (starter, not installed, {0}): instant, short English continuations</source>
            <translation>SmolLM2 135M（入门模型，未安装，{0}）：即时给出简短的英文续写</translation>
        </message>
        <message>
            <location filename="../../writer/ui/welcome.py" line="204" />
            <source>&amp;Start Writing</source>
            <translation>开始写作(&amp;S)</translation>
        </message>
        <message>
            <location filename="../../writer/ui/welcome.py" line="205" />
            <source>&amp;Download the Chosen Model…</source>
            <translation>下载所选模型(&amp;D)…</translation>
        </message>
    </context>
    <context>
        <name>WindowSpelling</name>
        <message>
            <location filename="../../writer/ui/spelling.py" line="326" />
            <source>Spelling is checked with the {0} dictionary: there is none for {1} on this computer. Install one (the {2} package on Linux), or put its .aff and .dic files in {3}.</source>
            <translation>拼写正用 {0} 词典检查：这台电脑上没有 {1} 的词典。请安装一个（Linux 上的 {2} 软件包），或把它的 .aff 和 .dic 文件放到 {3}。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/spelling.py" line="339" />
            <source>English</source>
            <translation>英语</translation>
        </message>
        <message>
            <location filename="../../writer/ui/spelling.py" line="342" />
            <source>Spelling is not checked: there is no {0} dictionary on this computer. Install one (the {1} package on Linux), or put its .aff and .dic files in {2}.</source>
            <translation>未检查拼写：这台电脑上没有{0}词典。请安装一个（Linux 上的 {1} 软件包），或把它的 .aff 和 .dic 文件放到 {2}。</translation>
        </message>
    </context>
    <context>
        <name>WordCount</name>
        <message>
            <location filename="../../writer/ui/word_count.py" line="296" />
            <source>{0} of {1} words</source>
            <translation>所选字数 {0} / {1}</translation>
        </message>
        <message>
            <location filename="../../writer/ui/word_count.py" line="299" />
            <source>Selected: {0} words, {1} characters ({2} without spaces)</source>
            <translation>所选：{0} 字，{1} 个字符（不含空格 {2} 个）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/word_count.py" line="304" />
            <source>1 word</source>
            <translation>字数 1</translation>
        </message>
        <message>
            <location filename="../../writer/ui/word_count.py" line="306" />
            <source>{0} words</source>
            <translation>字数 {0}</translation>
        </message>
        <message>
            <location filename="../../writer/ui/word_count.py" line="307" />
            <source>{0} words, {1} characters ({2} without spaces)</source>
            <translation>{0} 字，{1} 个字符（不含空格 {2} 个）</translation>
        </message>
        <message>
            <location filename="../../writer/ui/word_count.py" line="314" />
            <source>{0} · {1}/{2} today</source>
            <translation>{0} · 今日 {1}/{2}</translation>
        </message>
        <message>
            <location filename="../../writer/ui/word_count.py" line="315" />
            <source>Written today: {0} of your daily goal of {1} words.</source>
            <translation>今天已写 {0} 字，每日目标 {1} 字。</translation>
        </message>
        <message>
            <location filename="../../writer/ui/word_count.py" line="318" />
            <source>Click for the writing statistics.</source>
            <translation>点击查看写作统计。</translation>
        </message>
    </context>
</TS>