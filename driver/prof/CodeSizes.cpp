//===- CodeSizes.cpp - Functions' code bytes in a binary ------------------===//
//
// See CodeSizes.h. The symbol table is walked once, in order: a FILE symbol
// sets the file that names the local symbols after it (the order linkers and
// assemblers keep), and function symbols in `.text` sections are grouped by
// section and address so that aliases share one block of bytes.
//
//===----------------------------------------------------------------------===//

#include "CodeSizes.h"

#include "llvm/BinaryFormat/ELF.h"
#include "llvm/Object/ELFObjectFile.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/TargetParser/Triple.h"

#include <map>
#include <utility>

using namespace llvm;
using namespace llvm::object;

namespace fluid {

namespace {

Error sizesError(StringRef Path, const Twine &Message) {
  return createStringError(inconvertibleErrorCode(),
                           Path + ": " + Message);
}

/// `.text` itself or a `.text.*` section (function sections, the hot and
/// unlikely ones), and executable: what the binary's `.text` size counts.
bool isTextSection(const ELFSectionRef &Section) {
  Expected<StringRef> Name = Section.getName();
  if (!Name || !(Section.getFlags() & ELF::SHF_EXECINSTR))
    return false;
  return *Name == ".text" || Name->starts_with(".text.");
}

} // namespace

std::string stripCloneSuffix(StringRef Name) {
  size_t Colon = Name.rfind(':');
  size_t Start = Colon == StringRef::npos ? 0 : Colon + 1;
  // Position Start itself is skipped: a name starting with '.' is not a
  // clone of anything.
  size_t Dot = Name.find('.', Start + 1);
  if (Dot == StringRef::npos)
    return std::string();
  return Name.take_front(Dot).str();
}

Expected<CodeSizes> readCodeSizes(MemoryBufferRef Buffer, StringRef Path) {
  Expected<std::unique_ptr<ObjectFile>> Object =
      ObjectFile::createObjectFile(Buffer);
  if (!Object)
    return sizesError(Path, "not an object file: " +
                                toString(Object.takeError()));
  const auto *Elf = dyn_cast<ELFObjectFileBase>(Object->get());
  if (!Elf)
    return sizesError(Path, "not an ELF file");
  CodeSizes Sizes;
  Sizes.Path = Path.str();
  Sizes.Arch = Triple::getArchTypeName(Elf->getArch()).str();
  std::map<uint64_t, bool> TextSections; // by section index
  for (ELFSectionRef Section : Elf->sections()) {
    bool Text = isTextSection(Section);
    TextSections[Section.getIndex()] = Text;
    if (Text)
      Sizes.TextBytes += Section.getSize();
  }

  // (section index, address) -> block; std::map keeps address order.
  std::map<std::pair<uint64_t, uint64_t>, CodeBlock> Blocks;
  std::string File;
  bool SawSymbols = false;
  for (ELFSymbolRef Symbol : Elf->symbols()) {
    SawSymbols = true;
    uint8_t Type = Symbol.getELFType();
    Expected<StringRef> Name = Symbol.getName();
    if (!Name)
      return sizesError(Path, "damaged symbol: " + toString(Name.takeError()));
    if (Type == ELF::STT_FILE) {
      File = sys::path::filename(*Name).str();
      continue;
    }
    if ((Type != ELF::STT_FUNC && Type != ELF::STT_GNU_IFUNC) ||
        Name->empty())
      continue;
    Expected<section_iterator> Section = Symbol.getSection();
    if (!Section)
      return sizesError(Path, "damaged symbol " + *Name + ": " +
                                  toString(Section.takeError()));
    if (*Section == Elf->section_end() ||
        !TextSections[(*Section)->getIndex()])
      continue;
    Expected<uint64_t> Address = Symbol.getValue();
    if (!Address)
      return sizesError(Path, "damaged symbol " + *Name + ": " +
                                  toString(Address.takeError()));
    bool Local = Symbol.getBinding() == ELF::STB_LOCAL;
    CodeBlock &Block = Blocks[{(*Section)->getIndex(), *Address}];
    Block.Bytes = std::max(Block.Bytes, Symbol.getSize());
    Block.Names.push_back(Local && !File.empty() ? File + ":" + Name->str()
                                                 : Name->str());
  }
  if (!SawSymbols)
    return sizesError(Path, "has no symbol table (stripped?): the function "
                            "sizes come from it");
  // A block also owns the alignment padding before it: a function compiled
  // at -O2 starts on a 16-byte boundary, one at -Oz on any byte, so in a
  // build of mixed levels a function brings its padding with its level.
  // A gap counts as padding only when it is shorter than the block's own
  // alignment (its address's lowest set bit), as a padding directive's is;
  // a larger one is code no symbol names, left to the other bytes.
  uint64_t Section = ~uint64_t(0), End = 0;
  for (auto &Entry : Blocks) {
    auto [Index, Address] = Entry.first;
    uint64_t Bytes = Entry.second.Bytes;
    if (Index != Section) {
      Section = Index;
      End = Address;
    }
    uint64_t Alignment = Address & (~Address + 1);
    if (Address > End && Address - End < Alignment)
      Entry.second.Bytes += Address - End;
    End = std::max(End, Address + Bytes);
  }
  for (auto &Entry : Blocks)
    Sizes.Blocks.push_back(std::move(Entry.second));
  return Sizes;
}

Expected<CodeSizes> readCodeSizesFile(StringRef Path) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buffer =
      MemoryBuffer::getFile(Path, /*IsText=*/false,
                            /*RequiresNullTerminator=*/false);
  if (!Buffer)
    return sizesError(Path, "cannot read: " + Buffer.getError().message());
  return readCodeSizes((*Buffer)->getMemBufferRef(), Path);
}

} // namespace fluid
