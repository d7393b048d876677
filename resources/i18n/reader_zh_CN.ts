<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>App</name>
    <message>
        <source>reader: cannot open the library</source>
        <translation>reader：无法打开文库</translation>
    </message>
</context>
<context>
    <name>ArticleView</name>
    <message>
        <source>Select some text (or click a mention) first, then press a label key</source>
        <translation>请先选中文字（或点击一处提及），再按标签键</translation>
    </message>
    <message>
        <source>No suggestions left to review in this document</source>
        <translation>本文档中已没有待审阅的建议</translation>
    </message>
    <message>
        <source>Click a mention first, then move its boundary with Shift+Alt+←/→ (Ctrl too: its start)</source>
        <translation>请先点击一处提及，再用 Shift+Alt+←/→ 移动其结尾（加按 Ctrl：移动开头）</translation>
    </message>
    <message>
        <source>Not resized: a mention cannot be empty</source>
        <translation>未调整范围：提及不能为空</translation>
    </message>
    <message>
        <source>Tag 「{text}」 as</source>
        <translation>将「{text}」标注为</translation>
    </message>
    <message>
        <source>Tag all occurrences as</source>
        <translation>将所有出现处标注为</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>接受</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <source>Relabel</source>
        <translation>更改标签</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Resize to selection</source>
        <translation>把范围调整为选区</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
</context>
<context>
    <name>ColorButton</name>
    <message>
        <source>Choose the highlight colour</source>
        <translation>选择高亮颜色</translation>
    </message>
</context>
<context>
    <name>DocList</name>
    <message>
        <source>Find entities again in {n} documents</source>
        <translation>在 {n} 篇文档中重新查找实体</translation>
    </message>
    <message>
        <source>Find entities again</source>
        <translation>重新查找实体</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>Delete {n} documents…</source>
        <translation>删除 {n} 篇文档…</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
</context>
<context>
    <name>DocListModel</name>
    <message>
        <source>Document</source>
        <translation>文档</translation>
    </message>
    <message>
        <source>Mentions</source>
        <translation>实体</translation>
    </message>
    <message>
        <source>Reviewed</source>
        <translation>已审</translation>
    </message>
    <message>
        <source>Document {id}</source>
        <translation>文档 {id}</translation>
    </message>
    <message>
        <source>{title}
{status} · characters: {length} · mentions: {mentions} · suggestions: {suggested} · reviewed: {reviewed}/{total}</source>
        <translation>{title}
{status} · 字数：{length} · 提及：{mentions} · 建议：{suggested} · 已审：{reviewed}/{total}</translation>
    </message>
    <message>
        <source>Article {n}</source>
        <translation>第 {n} 篇文章</translation>
    </message>
    <message>
        <source>Section label: {text}</source>
        <translation>栏目：{text}</translation>
    </message>
</context>
<context>
    <name>DocStatus</name>
    <message>
        <source>New</source>
        <translation>未开始</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>审阅中</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
</context>
<context>
    <name>Edits</name>
    <message>
        <source>Tag all {0} 「{1}」 as {2}</source>
        <translation>将全部 {0} 处「{1}」标注为 {2}</translation>
    </message>
    <message>
        <source>Tag 「{0}」 as {1}</source>
        <translation>将「{0}」标注为 {1}</translation>
    </message>
    <message>
        <source>Accept all {0} suggestions</source>
        <translation>接受全部 {0} 条建议</translation>
    </message>
    <message>
        <source>Accept 「{0}」</source>
        <translation>接受「{0}」</translation>
    </message>
    <message>
        <source>Reject 「{0}」</source>
        <translation>拒绝「{0}」</translation>
    </message>
    <message>
        <source>Unreview 「{0}」</source>
        <translation>取消审阅「{0}」</translation>
    </message>
    <message>
        <source>Delete 「{0}」</source>
        <translation>删除「{0}」</translation>
    </message>
    <message>
        <source>Relabel 「{0}」 {1} → {2}</source>
        <translation>把「{0}」的标签从 {1} 改为 {2}</translation>
    </message>
    <message>
        <source>Resize 「{0}」 → 「{1}」</source>
        <translation>调整范围「{0}」→「{1}」</translation>
    </message>
    <message>
        <source>Suggest {0} entities</source>
        <translation>建议 {0} 个实体</translation>
    </message>
    <message>
        <source>Mark 「{0}」 done</source>
        <translation>将「{0}」标记为已完成</translation>
    </message>
    <message>
        <source>Mark 「{0}」 in progress</source>
        <translation>将「{0}」标记为审阅中</translation>
    </message>
    <message>
        <source>Mark 「{0}」 new</source>
        <translation>将「{0}」标记为未开始</translation>
    </message>
    <message>
        <source>Merge 「{0}」 into 「{1}」</source>
        <translation>将「{0}」并入「{1}」</translation>
    </message>
    <message>
        <source>Split 「{0}」 from 「{1}」</source>
        <translation>将「{0}」从「{1}」拆分出来</translation>
    </message>
</context>
<context>
    <name>EntityModel</name>
    <message>
        <source>Enter: show its next mention · A: accept all its mentions · X: reject them all</source>
        <translation>Enter：跳到它的下一处提及 · A：接受它的全部提及 · X：全部拒绝</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>已接受</translation>
    </message>
    <message>
        <source>suggested</source>
        <translation>建议</translation>
    </message>
    <message>
        <source>{accepted}/{total} acc.</source>
        <translation>接受 {accepted}/{total}</translation>
    </message>
    <message>
        <source>Entity</source>
        <translation>实体</translation>
    </message>
    <message>
        <source>Mentions</source>
        <translation>提及数</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>{name} → {canonical}</source>
        <translation>{name} → {canonical}</translation>
    </message>
    <message>
        <source>{name} (also: {aliases})</source>
        <translation>{name}（又称：{aliases}）</translation>
    </message>
    <message>
        <source>{label} 「{surface}」: {mentions}, {accepted} accepted, {suggested} suggested</source>
        <translation>{label}「{surface}」：{mentions}，已接受 {accepted} 处，建议 {suggested} 处</translation>
    </message>
    <message>
        <source>mention</source>
        <translation>处提及</translation>
    </message>
    <message>
        <source>mentions</source>
        <translation>处提及</translation>
    </message>
</context>
<context>
    <name>EntityPanel</name>
    <message>
        <source>Entities of this document.</source>
        <translation>本文档中的实体。</translation>
    </message>
    <message>
        <source>Accept all</source>
        <translation>全部接受</translation>
    </message>
    <message>
        <source>Reject all</source>
        <translation>全部拒绝</translation>
    </message>
    <message>
        <source>Tag all</source>
        <translation>全部标注</translation>
    </message>
    <message>
        <source>Accept every mention of the selected entity (key A in the list)</source>
        <translation>接受所选实体的每一处提及（列表中按 A）</translation>
    </message>
    <message>
        <source>Reject every mention of the selected entity (key X in the list)</source>
        <translation>拒绝所选实体的每一处提及（列表中按 X）</translation>
    </message>
    <message>
        <source>Tag every occurrence of the selected entity&apos;s text with its label</source>
        <translation>用所选实体的标签标注其文字的每一处出现</translation>
    </message>
    <message>
        <source>Accept all mentions</source>
        <translation>接受全部提及</translation>
    </message>
    <message>
        <source>Reject all mentions</source>
        <translation>拒绝全部提及</translation>
    </message>
    <message>
        <source>Tag all occurrences</source>
        <translation>标注所有出现处</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Current document</source>
        <translation>当前文档</translation>
    </message>
    <message>
        <source>Whole library</source>
        <translation>整个文库</translation>
    </message>
    <message>
        <source>Tag scheme (only for formats that have one: CoNLL)</source>
        <translation>标注体系（仅用于有此设置的格式：CoNLL）</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>文档</translation>
    </message>
    <message>
        <source>Tag scheme</source>
        <translation>标注体系</translation>
    </message>
</context>
<context>
    <name>FileActions</name>
    <message>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <source>Some records were skipped</source>
        <translation>部分记录已跳过</translation>
    </message>
    <message>
        <source>Import cancelled; the library was not changed</source>
        <translation>导入已取消；文库未改动</translation>
    </message>
    <message>
        <source>Import failed; the library was not changed</source>
        <translation>导入失败；文库未改动</translation>
    </message>
    <message>
        <source>Cannot import</source>
        <translation>无法导入</translation>
    </message>
    <message>
        <source>{error}

The library was not changed.</source>
        <translation>{error}

文库未改动。</translation>
    </message>
    <message>
        <source>Unknown labels</source>
        <translation>未知标签</translation>
    </message>
    <message>
        <source>The files use labels this library does not have: {names}.

Add them to the library and import the files?</source>
        <translation>这些文件使用了本文库没有的标签：{names}。

要把它们加入文库并导入文件吗？</translation>
    </message>
    <message>
        <source>Cannot export</source>
        <translation>无法导出</translation>
    </message>
    <message>
        <source>The export formats are not available in this installation.</source>
        <translation>此安装中没有可用的导出格式。</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>Exported to {path}</source>
        <translation>已导出到 {path}</translation>
    </message>
    <message>
        <source>Exported, with omissions</source>
        <translation>已导出，有部分内容未写入</translation>
    </message>
    <message>
        <source>Export cancelled</source>
        <translation>导出已取消</translation>
    </message>
</context>
<context>
    <name>FileDialogs</name>
    <message>
        <source>Text files (*.txt)</source>
        <translation>文本文件 (*.txt)</translation>
    </message>
    <message>
        <source>All supported files ({patterns})</source>
        <translation>所有支持的文件 ({patterns})</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <source>Find in the article</source>
        <translation>在正文中查找</translation>
    </message>
    <message>
        <source>Previous match (Shift+F3)</source>
        <translation>上一处 (Shift+F3)</translation>
    </message>
    <message>
        <source>Next match (F3)</source>
        <translation>下一处 (F3)</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>关闭 (Esc)</translation>
    </message>
    <message>
        <source>Find:</source>
        <translation>查找：</translation>
    </message>
    <message>
        <source>no matches</source>
        <translation>无匹配</translation>
    </message>
    <message>
        <source>{n} of {total}</source>
        <translation>第 {n} 处，共 {total} 处</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Guess from the file name</source>
        <translation>根据文件名判断</translation>
    </message>
    <message>
        <source>detect (UTF-8, GB18030, Big5…)</source>
        <translation>自动检测（UTF-8、GB18030、Big5…）</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Encoding</source>
        <translation>编码</translation>
    </message>
</context>
<context>
    <name>KwicDock</name>
    <message>
        <source>Mentions in context</source>
        <translation>上下文中的提及</translation>
    </message>
    <message>
        <source>Select an entity in the entity panel</source>
        <translation>请在实体面板中选择一个实体</translation>
    </message>
    <message>
        <source>This document</source>
        <translation>本文档</translation>
    </message>
    <message>
        <source>Whole library</source>
        <translation>整个文库</translation>
    </message>
    <message>
        <source>Merge with…</source>
        <translation>合并…</translation>
    </message>
    <message>
        <source>Make another entity (and its aliases) an alias of this one</source>
        <translation>把另一个实体（连同其别名）并为此实体的别名</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>拆分</translation>
    </message>
    <message>
        <source>Make this alias its own entity again (for a canonical entity: all its aliases)</source>
        <translation>让此别名重新成为独立实体（对主实体：拆出其全部别名）</translation>
    </message>
    <message>
        <source>Doc</source>
        <translation>文档</translation>
    </message>
    <message>
        <source>Mention</source>
        <translation>提及</translation>
    </message>
    <message>
        <source>Also called: {names}</source>
        <translation>又称：{names}</translation>
    </message>
    <message>
        <source>No aliases</source>
        <translation>无别名</translation>
    </message>
    <message>
        <source>the first {n} of {total} mentions</source>
        <translation>共 {total} 处提及，显示前 {n} 处</translation>
    </message>
    <message>
        <source>{label}, characters {start}–{end} of document {doc}</source>
        <translation>{label}，文档 {doc} 第 {start}–{end} 字</translation>
    </message>
    <message>
        <source>「{name}」 is already an alias of 「{target}」</source>
        <translation>「{name}」已是「{target}」的别名</translation>
    </message>
    <message>
        <source>Merge entities of different labels?</source>
        <translation>合并不同标签的实体？</translation>
    </message>
    <message>
        <source>{label} 「{name}」 is not labelled {target_label}. Merge it into {target_label} 「{target}」 anyway?</source>
        <translation>{label}「{name}」的标签不是 {target_label}。仍要把它并入 {target_label}「{target}」吗？</translation>
    </message>
    <message>
        <source>Not merged: {error}</source>
        <translation>未合并：{error}</translation>
    </message>
    <message>
        <source>Not split: {error}</source>
        <translation>未拆分：{error}</translation>
    </message>
</context>
<context>
    <name>LabelBar</name>
    <message>
        <source>filled = accepted · wavy underline = suggestion</source>
        <translation>底色 = 已接受 · 波浪线 = 建议</translation>
    </message>
    <message>
        <source> (key {key})</source>
        <translation>（按键 {key}）</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>person: a name, full or partial</source>
        <translation>人名：全名或部分</translation>
    </message>
    <message>
        <source>organisation: company, body, university, newspaper…</source>
        <translation>机构：公司、团体、大学、报社…</translation>
    </message>
    <message>
        <source>named place: country, province, city, zone, park…</source>
        <translation>地名：国家、省、市、开发区、园区…</translation>
    </message>
    <message>
        <source>calendar expression with a number</source>
        <translation>带数字的日期表达</translation>
    </message>
    <message>
        <source>amount of money</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>percentage or fraction</source>
        <translation>百分比或分数</translation>
    </message>
    <message>
        <source>number with a unit of physical measure</source>
        <translation>带计量单位的数量</translation>
    </message>
    <message>
        <source>added on import</source>
        <translation>导入时添加</translation>
    </message>
</context>
<context>
    <name>LabelsDialog</name>
    <message>
        <source>Labels</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>按键</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Add label</source>
        <translation>添加标签</translation>
    </message>
    <message>
        <source>Names are stored with every mention and cannot change. Keys are one digit or letter (A, N, P and X are kept for reviewing).</source>
        <translation>名称随每处提及一起保存，不能更改。按键为一个数字或字母（A、N、P、X 留作审阅用）。</translation>
    </message>
    <message>
        <source>Not saved: {error}</source>
        <translation>未保存：{error}</translation>
    </message>
</context>
<context>
    <name>LearnActions</name>
    <message>
        <source>Learning needs a library file: the learned model is stored beside it</source>
        <translation>学习需要文库文件：学到的模型保存在它旁边</translation>
    </message>
    <message>
        <source>This library is open read-only: learning is off</source>
        <translation>此文库以只读方式打开：无法学习</translation>
    </message>
    <message>
        <source>Learning from your corrections…</source>
        <translation>正在从您的更正中学习…</translation>
    </message>
    <message>
        <source>Learned from {documents} reviewed documents in {seconds} s: model {version} is in use</source>
        <translation>已从 {documents} 篇已审阅文档中学习（{seconds} 秒）：正在使用模型 {version}</translation>
    </message>
    <message>
        <source>Learning cancelled; the model in use did not change</source>
        <translation>学习已取消；所用模型未改变</translation>
    </message>
    <message>
        <source>Learning failed; the model in use did not change</source>
        <translation>学习失败；所用模型未改变</translation>
    </message>
    <message>
        <source>Nothing to learn from</source>
        <translation>没有可学习的内容</translation>
    </message>
    <message>
        <source>Cannot learn</source>
        <translation>无法学习</translation>
    </message>
    <message>
        <source>Cannot change the model</source>
        <translation>无法更换模型</translation>
    </message>
    <message>
        <source>Back to the shipped model (model {version} no longer used)</source>
        <translation>已恢复为内置模型（不再使用模型 {version}）</translation>
    </message>
    <message>
        <source>Already using the shipped model</source>
        <translation>已在使用内置模型</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Ctrl+O to open files, or drop them here</source>
        <translation>按 Ctrl+O 打开文件，或把文件拖到这里</translation>
    </message>
    <message>
        <source>reader — {path}</source>
        <translation>reader — {path}</translation>
    </message>
    <message>
        <source>library in memory</source>
        <translation>内存中的文库</translation>
    </message>
    <message>
        <source>Search documents (Ctrl+Shift+F)</source>
        <translation>搜索文档 (Ctrl+Shift+F)</translation>
    </message>
    <message>
        <source>Show only the documents whose title or text contains these words</source>
        <translation>只显示标题或正文包含这些词的文档</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Accept all suggestions</source>
        <translation>接受全部建议(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Find entities again</source>
        <translation>重新查找实体(&amp;F)</translation>
    </message>
    <message>
        <source>Run the extractor on this document again: its unreviewed suggestions are replaced, accepted and rejected mentions stay</source>
        <translation>对此文档重新运行提取器：替换未审阅的建议，已接受和已拒绝的提及保留</translation>
    </message>
    <message>
        <source>&amp;Learn from my corrections</source>
        <translation>从我的更正中学习(&amp;L)</translation>
    </message>
    <message>
        <source>Use the &amp;shipped model</source>
        <translation>使用内置模型(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Search documents…</source>
        <translation>搜索文档(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Page</source>
        <translation>版面(&amp;P)</translation>
    </message>
    <message>
        <source>Show the &amp;whole page</source>
        <translation>显示整个版面(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Analyse the page again</source>
        <translation>重新分析版面(&amp;A)</translation>
    </message>
    <message>
        <source>Make this paragraph a</source>
        <translation>将此段设为</translation>
    </message>
    <message>
        <source>headline</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>byline</source>
        <translation>署名</translation>
    </message>
    <message>
        <source>intertitle</source>
        <translation>小标题</translation>
    </message>
    <message>
        <source>body</source>
        <translation>正文</translation>
    </message>
    <message>
        <source>caption</source>
        <translation>图片说明</translation>
    </message>
    <message>
        <source>&amp;Split the article before this paragraph</source>
        <translation>在此段之前拆分文章(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Merge with the next article</source>
        <translation>与下一篇文章合并(&amp;M)</translation>
    </message>
    <message>
        <source>Move this paragraph to the &amp;previous article</source>
        <translation>把此段移到上一篇文章(&amp;P)</translation>
    </message>
    <message>
        <source>Move this paragraph to the &amp;next article</source>
        <translation>把此段移到下一篇文章(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Join this paragraph to the one before</source>
        <translation>把此段接到上一段(&amp;J)</translation>
    </message>
    <message>
        <source>&amp;Undo the join before this paragraph</source>
        <translation>取消此段与上一段的衔接(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Labels</source>
        <translation>标签(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Edit labels…</source>
        <translation>编辑标签(&amp;E)…</translation>
    </message>
    <message>
        <source>Tag the selection (or relabel the current mention)</source>
        <translation>标注选中的文字（或更改当前提及的标签）</translation>
    </message>
    <message>
        <source>Not done: {error}</source>
        <translation>未执行：{error}</translation>
    </message>
    <message>
        <source>Cannot show the document</source>
        <translation>无法显示文档</translation>
    </message>
    <message>
        <source>Document {id}</source>
        <translation>文档 {id}</translation>
    </message>
    <message>
        <source>Cannot show the article</source>
        <translation>无法显示文章</translation>
    </message>
    <message>
        <source>{title} · article {n} of {total}</source>
        <translation>{title} · 第 {n} 篇，共 {total} 篇</translation>
    </message>
    <message>
        <source>The page&apos;s articles are not listed: {error}</source>
        <translation>未列出版面中的文章：{error}</translation>
    </message>
    <message>
        <source>Entity aliases not shown: {error}</source>
        <translation>未显示实体别名：{error}</translation>
    </message>
    <message>
        <source>Rename document</source>
        <translation>重命名文档</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>标题：</translation>
    </message>
    <message>
        <source>Not renamed: {error}</source>
        <translation>未重命名：{error}</translation>
    </message>
    <message>
        <source>“{title}” with its</source>
        <translation>“{title}”及其</translation>
    </message>
    <message>
        <source>{n} documents with their</source>
        <translation>{n} 篇文档及其</translation>
    </message>
    <message>
        <source> ({n} of them rejected)</source>
        <translation>（其中 {n} 处已拒绝）</translation>
    </message>
    <message>
        <source>Delete {what} {mentions}{note} and edit history?

This cannot be undone.</source>
        <translation>删除{what} {mentions}{note}和编辑历史？

此操作无法撤销。</translation>
    </message>
    <message>
        <source>mention</source>
        <translation>处提及</translation>
    </message>
    <message>
        <source>mentions</source>
        <translation>处提及</translation>
    </message>
    <message>
        <source>Document {n}</source>
        <translation>文档 {n}</translation>
    </message>
    <message>
        <source>Delete documents</source>
        <translation>删除文档</translation>
    </message>
    <message>
        <source>Not deleted: {error}</source>
        <translation>未删除：{error}</translation>
    </message>
    <message>
        <source>Search failed: {error}</source>
        <translation>搜索失败：{error}</translation>
    </message>
    <message>
        <source>1 document contains “{query}”</source>
        <translation>1 篇文档包含“{query}”</translation>
    </message>
    <message>
        <source>{n} documents contain “{query}”</source>
        <translation>{n} 篇文档包含“{query}”</translation>
    </message>
    <message>
        <source>This library has no documents (and is open read-only)</source>
        <translation>此文库没有文档（且以只读方式打开）</translation>
    </message>
    <message>
        <source>{path}: opened read-only</source>
        <translation>{path}：以只读方式打开</translation>
    </message>
    <message>
        <source>Read-only: everything can be read and exported, nothing changed. {why}</source>
        <translation>只读：可以阅读和导出，但不能修改。{why}</translation>
    </message>
    <message>
        <source>&amp;Undo {what}</source>
        <translation>撤销(&amp;U) {what}</translation>
    </message>
    <message>
        <source>&amp;Redo {what}</source>
        <translation>重做(&amp;R) {what}</translation>
    </message>
    <message>
        <source>The learned model is not used: {warning}</source>
        <translation>未使用学习所得的模型：{warning}</translation>
    </message>
    <message>
        <source>{doc}: its suggestions come from another version of the extractor; Edit &gt; Find entities again (F5) replaces the unreviewed ones</source>
        <translation>{doc}：其建议来自另一版本的提取器；“编辑 &gt; 重新查找实体”（F5）会替换未审阅的建议</translation>
    </message>
    <message>
        <source>{doc}: finding entities…</source>
        <translation>{doc}：正在查找实体…</translation>
    </message>
    <message>
        <source>Read-only library: entities cannot be found again here</source>
        <translation>只读文库：无法在此重新查找实体</translation>
    </message>
    <message>
        <source>Entities not found again: {error}</source>
        <translation>未能重新查找实体：{error}</translation>
    </message>
    <message>
        <source>Found entities again in {report}</source>
        <translation>已重新查找实体：{report}</translation>
    </message>
    <message>
        <source>Finding entities again in {n} documents…</source>
        <translation>正在 {n} 篇文档中重新查找实体…</translation>
    </message>
    <message>
        <source>Stopped finding entities; what was found so far stays</source>
        <translation>已停止查找实体；已找到的保留</translation>
    </message>
    <message>
        <source>{doc}: finding entities… {percent}%</source>
        <translation>{doc}：正在查找实体… {percent}%</translation>
    </message>
    <message>
        <source>{doc}: suggestions not added: {error}</source>
        <translation>{doc}：未添加建议：{error}</translation>
    </message>
    <message>
        <source>{doc}: 1 entity suggested: review it (A accept, X reject) or press Ctrl+Shift+A</source>
        <translation>{doc}：建议了 1 个实体：请审阅（A 接受，X 拒绝），或按 Ctrl+Shift+A 接受</translation>
    </message>
    <message>
        <source>{doc}: {n} entities suggested: review them (A accept, X reject) or press Ctrl+Shift+A</source>
        <translation>{doc}：建议了 {n} 个实体：请审阅（A 接受，X 拒绝），或按 Ctrl+Shift+A 全部接受</translation>
    </message>
    <message>
        <source>Found entities again in {done} documents: {n} suggestions to review</source>
        <translation>已在 {done} 篇文档中重新查找实体：{n} 条建议待审阅</translation>
    </message>
    <message>
        <source>Entities</source>
        <translation>实体</translation>
    </message>
    <message>
        <source>{doc}: entities</source>
        <translation>{doc}：实体</translation>
    </message>
    <message>
        <source>{what} cannot be found: {error}</source>
        <translation>{what}无法查找：{error}</translation>
    </message>
    <message>
        <source>{what} not found: {error}</source>
        <translation>{what}未找到：{error}</translation>
    </message>
    <message>
        <source>{what} not found: unexpected error ({kind}: {error}); see the log</source>
        <translation>{what}未找到：意外错误（{kind}：{error}）；请查看日志</translation>
    </message>
    <message>
        <source>Not changed: {error}</source>
        <translation>未修改：{error}</translation>
    </message>
    <message>
        <source>{what}: nothing to change</source>
        <translation>{what}：没有需要修改的</translation>
    </message>
    <message>
        <source>「{text}」 does not occur in this document</source>
        <translation>本文中没有「{text}」</translation>
    </message>
    <message>
        <source>{n} of {total}: {what}</source>
        <translation>第 {n} 处，共 {total} 处：{what}</translation>
    </message>
    <message>
        <source>Undone</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <source>Redone</source>
        <translation>已重做</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <source>Merge with {name}</source>
        <translation>与「{name}」合并</translation>
    </message>
    <message>
        <source>Make an entity an alias of {label} 「{name}」:</source>
        <translation>选择要并为 {label}「{name}」别名的实体：</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>筛选</translation>
    </message>
    <message>
        <source>Entity</source>
        <translation>实体</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Mentions</source>
        <translation>提及数</translation>
    </message>
</context>
<context>
    <name>ReviewTools</name>
    <message>
        <source>All documents</source>
        <translation>全部文档</translation>
    </message>
    <message>
        <source>Not done</source>
        <translation>未完成</translation>
    </message>
    <message>
        <source>Show only the documents with this review status</source>
        <translation>只显示处于此审阅状态的文档</translation>
    </message>
    <message>
        <source>&amp;Find in article…</source>
        <translation>在正文中查找(&amp;F)…</translation>
    </message>
    <message>
        <source>Find &amp;next</source>
        <translation>查找下一处(&amp;N)</translation>
    </message>
    <message>
        <source>Find pre&amp;vious</source>
        <translation>查找上一处(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Review</source>
        <translation>审阅(&amp;R)</translation>
    </message>
    <message>
        <source>Mark document &amp;done</source>
        <translation>标记文档为已完成(&amp;D)</translation>
    </message>
    <message>
        <source>Mark the shown document reviewed (undo with Ctrl+Z)</source>
        <translation>把当前文档标记为已审阅（可用 Ctrl+Z 撤销）</translation>
    </message>
    <message>
        <source>Mark document &amp;in progress</source>
        <translation>标记文档为审阅中(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Next document to review</source>
        <translation>下一篇待审文档(&amp;N)</translation>
    </message>
    <message>
        <source>Show the next document that is not done</source>
        <translation>显示下一篇尚未完成的文档</translation>
    </message>
    <message>
        <source>Next suggestion</source>
        <translation>下一条建议</translation>
    </message>
    <message>
        <source>Make the next suggestion current</source>
        <translation>跳到下一条建议</translation>
    </message>
    <message>
        <source>Previous suggestion</source>
        <translation>上一条建议</translation>
    </message>
    <message>
        <source>Make the previous suggestion current</source>
        <translation>跳到上一条建议</translation>
    </message>
    <message>
        <source>&amp;Statistics</source>
        <translation>统计(&amp;S)</translation>
    </message>
    <message>
        <source>Show the statistics view</source>
        <translation>显示统计视图</translation>
    </message>
    <message>
        <source>&amp;Mentions in context</source>
        <translation>上下文中的提及(&amp;M)</translation>
    </message>
    <message>
        <source>Mentions of the selected entity in context</source>
        <translation>所选实体的提及及其上下文</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>界面语言(&amp;L)</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>No document is shown</source>
        <translation>没有显示任何文档</translation>
    </message>
    <message>
        <source>Not changed: {error}</source>
        <translation>未修改：{error}</translation>
    </message>
    <message>
        <source>The document is already marked: {status}</source>
        <translation>该文档已经是“{status}”状态</translation>
    </message>
    <message>
        <source>{what} (Ctrl+Z undoes it; Ctrl+Shift+N: next document to review)</source>
        <translation>{what}（Ctrl+Z 可撤销；Ctrl+Shift+N 打开下一篇待审文档）</translation>
    </message>
    <message>
        <source>{what}, with {n} suggestion(s) not reviewed (Ctrl+Z undoes it)</source>
        <translation>{what}，仍有 {n} 条建议未审阅（Ctrl+Z 可撤销）</translation>
    </message>
    <message>
        <source>Every document is done</source>
        <translation>所有文档都已完成</translation>
    </message>
    <message>
        <source>This is the only document not done yet</source>
        <translation>只剩这一篇文档尚未完成</translation>
    </message>
    <message>
        <source>{done}/{docs} documents done · {reviewed}/{mentions} mentions reviewed</source>
        <translation>文档 {done}/{docs} 已完成 · 提及 {reviewed}/{mentions} 已审</translation>
    </message>
    <message>
        <source>No documents</source>
        <translation>没有文档</translation>
    </message>
    <message>
        <source>{done} of {docs} documents marked done; {reviewed} of {mentions} mentions reviewed (accepted or rejected)</source>
        <translation>{docs} 篇文档中 {done} 篇已完成；{mentions} 处提及中 {reviewed} 处已审（已接受或已拒绝）</translation>
    </message>
    <message>
        <source>No suggestions left: Ctrl+Enter marks this document done</source>
        <translation>建议已全部审完：按 Ctrl+Enter 将本文档标记为已完成</translation>
    </message>
    <message>
        <source>The interface language changes when reader starts again</source>
        <translation>界面语言将在 reader 重新启动后生效</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Accept the current mention</source>
        <translation>接受当前提及</translation>
    </message>
    <message>
        <source>Reject the current suggestion (delete an accepted mention)</source>
        <translation>拒绝当前建议（对已接受的提及则删除）</translation>
    </message>
    <message>
        <source>Delete the current mention</source>
        <translation>删除当前提及</translation>
    </message>
    <message>
        <source>Next / previous suggestion in the document</source>
        <translation>文档中的下一条 / 上一条建议</translation>
    </message>
    <message>
        <source>Select characters to tag</source>
        <translation>选择要标注的文字</translation>
    </message>
    <message>
        <source>Clear the current mention</source>
        <translation>取消当前提及</translation>
    </message>
    <message>
        <source>Move the end of the current mention</source>
        <translation>移动当前提及的结尾</translation>
    </message>
    <message>
        <source>Move the start of the current mention</source>
        <translation>移动当前提及的开头</translation>
    </message>
    <message>
        <source>Drag a mention&apos;s edge</source>
        <translation>拖动提及的边缘</translation>
    </message>
    <message>
        <source>Move that boundary with the mouse</source>
        <translation>用鼠标移动该边界</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>按键</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>In the article</source>
        <translation>正文中</translation>
    </message>
</context>
<context>
    <name>StatsDock</name>
    <message>
        <source>Accepted</source>
        <translation>已接受</translation>
    </message>
    <message>
        <source>Suggested</source>
        <translation>建议</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>统计</translation>
    </message>
    <message>
        <source>No documents yet: import some (File ▸ Import…) to see statistics.</source>
        <translation>还没有文档：导入一些文档（文件 ▸ 导入…）后即可查看统计。</translation>
    </message>
    <message>
        <source>Mentions per label</source>
        <translation>各标签的提及数</translation>
    </message>
    <message>
        <source>Documents by status</source>
        <translation>各状态的文档数</translation>
    </message>
    <message>
        <source>Reviewed over time (mentions per day)</source>
        <translation>审阅进度（每日审阅的提及数）</translation>
    </message>
    <message>
        <source>Top entities</source>
        <translation>高频实体</translation>
    </message>
    <message>
        <source>Mentions</source>
        <translation>提及数</translation>
    </message>
    <message>
        <source>Show all documents</source>
        <translation>显示全部文档</translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation>导出 PNG…</translation>
    </message>
    <message>
        <source>{n} documents: {new} new, {progress} in progress, {done} done · {reviewed} of {mentions} mentions reviewed</source>
        <translation>共 {n} 篇文档：{new} 篇未开始，{progress} 篇审阅中，{done} 篇已完成 · {mentions} 处提及中已审 {reviewed} 处</translation>
    </message>
    <message>
        <source>no reviews yet</source>
        <translation>尚无审阅</translation>
    </message>
    <message>
        <source>{n} document(s) with {status} {label} mentions (Show all documents clears this)</source>
        <translation>{n} 篇文档含有“{status}”的 {label} 提及（点“显示全部文档”可取消筛选）</translation>
    </message>
    <message>
        <source>Showing the documents marked: {status}</source>
        <translation>正在显示“{status}”的文档</translation>
    </message>
    <message>
        <source>Export the charts</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>Charts saved to {path}</source>
        <translation>图表已保存到 {path}</translation>
    </message>
    <message>
        <source>Could not write {path}</source>
        <translation>无法写入 {path}</translation>
    </message>
</context>
<context>
    <name>TagAllDialog</name>
    <message>
        <source>Tag all 「{text}」 as {label}</source>
        <translation>将所有「{text}」标为 {label}</translation>
    </message>
    <message>
        <source>{n} occurrence(s); {c} overlap an accepted mention and are skipped; {d} already tagged.</source>
        <translation>共 {n} 处；其中 {c} 处与已接受的标注重叠，将跳过；{d} 处已标注。</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>标注</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>前文</translation>
    </message>
    <message>
        <source>Match</source>
        <translation>匹配</translation>
    </message>
    <message>
        <source>After</source>
        <translation>后文</translation>
    </message>
    <message>
        <source>&amp;Accept (A)</source>
        <translation>接受(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Skip (S)</source>
        <translation>跳过(&amp;S)</translation>
    </message>
    <message>
        <source>Accept the &amp;rest (R)</source>
        <translation>接受其余全部(&amp;R)</translation>
    </message>
    <message>
        <source>Apply a&amp;ll</source>
        <translation>全部应用(&amp;L)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>already tagged</source>
        <translation>已标注</translation>
    </message>
    <message>
        <source>skipped: overlaps {label} 「{text}」</source>
        <translation>跳过：与 {label}「{text}」重叠</translation>
    </message>
    <message>
        <source>Apply {n} accepted</source>
        <translation>应用已接受的 {n} 处</translation>
    </message>
</context>
<context>
    <name>TaskDialog</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
</TS>
