using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace CloudflareCni.Emulator
{
    /// <summary>Writes a small, valid one-page PDF (PDF 1.4, Helvetica, correct xref table) for an emulated LOA.</summary>
    internal static class LoaDocument
    {
        public const string ContentType = "application/pdf";

        public static byte[] Create(IReadOnlyList<string> lines)
        {
            if (lines == null) throw new ArgumentNullException(nameof(lines));

            var content = new StringBuilder();
            content.Append("BT\n/F1 16 Tf\n56 780 Td\n20 TL\n");
            for (int i = 0; i < lines.Count; i++)
            {
                if (i == 1)
                {
                    content.Append("/F1 11 Tf\n16 TL\n");
                }

                content.Append('(').Append(Escape(lines[i])).Append(") Tj T*\n");
            }

            content.Append("ET\n");
            byte[] stream = Encoding.ASCII.GetBytes(content.ToString());

            var objects = new List<byte[]>
            {
                Ascii("<< /Type /Catalog /Pages 2 0 R >>"),
                Ascii("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
                Ascii("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"),
                Concat(Ascii("<< /Length " + stream.Length.ToString(CultureInfo.InvariantCulture) + " >>\nstream\n"), stream, Ascii("endstream")),
                Ascii("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"),
                Ascii("<< /Title (Letter of Authorization) /Producer (CloudflareCni emulator) >>"),
            };

            using (var output = new MemoryStream())
            {
                Write(output, Ascii("%PDF-1.4\n"));

                // A binary comment line, as the specification recommends, so that tools treat the file as binary.
                Write(output, new byte[] { (byte)'%', 0xE2, 0xE3, 0xCF, 0xD3, (byte)'\n' });
                var offsets = new long[objects.Count];
                for (int i = 0; i < objects.Count; i++)
                {
                    offsets[i] = output.Position;
                    Write(output, Ascii((i + 1).ToString(CultureInfo.InvariantCulture) + " 0 obj\n"));
                    Write(output, objects[i]);
                    Write(output, Ascii("\nendobj\n"));
                }

                long xref = output.Position;
                var table = new StringBuilder();
                table.Append("xref\n0 ").Append((objects.Count + 1).ToString(CultureInfo.InvariantCulture)).Append('\n');
                table.Append("0000000000 65535 f \n");
                foreach (long offset in offsets)
                {
                    table.Append(offset.ToString("D10", CultureInfo.InvariantCulture)).Append(" 00000 n \n");
                }

                table.Append("trailer\n<< /Size ").Append((objects.Count + 1).ToString(CultureInfo.InvariantCulture))
                    .Append(" /Root 1 0 R /Info 6 0 R >>\nstartxref\n")
                    .Append(xref.ToString(CultureInfo.InvariantCulture)).Append("\n%%EOF\n");
                Write(output, Ascii(table.ToString()));
                return output.ToArray();
            }
        }

        /// <summary>Makes text safe for a PDF literal string: ASCII only (a few letters transliterated), with \ ( ) escaped.</summary>
        internal static string Escape(string text)
        {
            var sb = new StringBuilder(text.Length);
            foreach (char c in text)
            {
                switch (c)
                {
                    case '\\': sb.Append("\\\\"); break;
                    case '(': sb.Append("\\("); break;
                    case ')': sb.Append("\\)"); break;
                    case '\u00DF': sb.Append("ss"); break;
                    case '\u00E4': sb.Append("ae"); break;
                    case '\u00F6': sb.Append("oe"); break;
                    case '\u00FC': sb.Append("ue"); break;
                    case '\u00C4': sb.Append("Ae"); break;
                    case '\u00D6': sb.Append("Oe"); break;
                    case '\u00DC': sb.Append("Ue"); break;
                    case '\u00E9': case '\u00E8': case '\u00EA': sb.Append('e'); break;
                    default:
                        sb.Append(c >= 0x20 && c <= 0x7E ? c : '?');
                        break;
                }
            }

            return sb.ToString();
        }

        private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

        private static byte[] Concat(params byte[][] parts)
        {
            int length = 0;
            foreach (byte[] part in parts)
            {
                length += part.Length;
            }

            var result = new byte[length];
            int at = 0;
            foreach (byte[] part in parts)
            {
                Buffer.BlockCopy(part, 0, result, at, part.Length);
                at += part.Length;
            }

            return result;
        }

        private static void Write(Stream stream, byte[] bytes) => stream.Write(bytes, 0, bytes.Length);
    }
}
